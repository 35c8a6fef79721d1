/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Redis 7.0's ACL users: the rule model ({@code AclUser}), the user registry kept in step with
 * {@code requirepass} ({@code AclUsers}), the categories generated from redis-server
 * ({@code AclCategories}), ACL LOG ({@code AclLog}) and the ACL file ({@code AclFile}). The
 * server package wires them to connections and the ACL command.
 */
package dev.tandem.replication.internal.acl;
