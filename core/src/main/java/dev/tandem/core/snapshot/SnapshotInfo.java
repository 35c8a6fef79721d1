/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.snapshot;

/**
 * What a snapshot is a snapshot of: the replication offset at which it was taken and the
 * number of databases, with their key counts at that moment (RDB resize hints).
 */
public record SnapshotInfo(long offset, int databases, long[] keysPerDb, long[] expiresPerDb) { }
