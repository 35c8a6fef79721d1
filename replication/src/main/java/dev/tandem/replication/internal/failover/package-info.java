/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The vocabulary of Redis's coordinated {@code FAILOVER}: its
 * {@link dev.tandem.replication.internal.failover.FailoverState states} as {@code INFO} shows
 * them, and the {@link dev.tandem.replication.internal.failover.FailoverHandshake hand-off}
 * through which the old master's replica link reports the target's answer to
 * {@code PSYNC ... FAILOVER}. The state machine itself is
 * {@code dev.tandem.replication.internal.node.FailoverCoordinator}.
 */
package dev.tandem.replication.internal.failover;
