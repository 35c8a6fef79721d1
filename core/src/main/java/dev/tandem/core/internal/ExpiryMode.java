/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

/** Who may expire keys: the master deletes them, a replica only hides them (brief §5). */
public enum ExpiryMode {
    /** Lazy and active expiry delete expired keys and propagate {@code DEL}. */
    MASTER,
    /**
     * Keys never expire by themselves: reads by normal clients hide logically expired keys,
     * and commands applied from the master never treat a key as expired.
     */
    REPLICA
}
