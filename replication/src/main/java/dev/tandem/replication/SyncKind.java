/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

/** How a replica (re)synchronized with its master. */
public enum SyncKind {
    /** {@code +FULLRESYNC}: a snapshot, then the stream from the snapshot's offset. */
    FULL,
    /** {@code +CONTINUE}: the stream continues from the backlog. */
    PARTIAL
}
