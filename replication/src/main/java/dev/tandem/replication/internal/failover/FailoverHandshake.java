/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.failover;

/**
 * What the old master's replica link reports back while a failover hands the role over: its
 * {@code PSYNC} carries the {@code FAILOVER} argument that makes the target promote itself,
 * and the target's answer ends the failover one way or the other.
 */
public interface FailoverHandshake {

    /** Whether the next {@code PSYNC} must carry {@code FAILOVER} (the hand-off is still pending). */
    boolean pending();

    /** {@code +CONTINUE} or {@code +FULLRESYNC}: the target is the master now; the failover is over. */
    void accepted();

    /** Any other reply (or a failed write of the PSYNC): the failover is aborted, this node becomes master again. */
    void rejected(String reason);
}
