/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

/**
 * Counters for INFO; written under the write lock, read racily (a monotonic long). Commands
 * processed are counted by the server, which sees every command, not here.
 */
public final class KeyspaceStats {
    volatile long expiredKeys;

    public long expiredKeys() {
        return expiredKeys;
    }
}
