/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * {@link dev.tandem.examples.replica.ReadReplicaApp}: an application that embeds a read replica
 * of an existing Redis master and answers lookups from its own memory.
 */
package dev.tandem.examples.replica;
