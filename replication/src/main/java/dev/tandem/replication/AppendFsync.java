/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import java.util.Locale;

/** Redis's {@code appendfsync}: when the append-only file's new bytes are forced to disk. */
public enum AppendFsync {
    /** After every write, before the client's reply. */
    ALWAYS,
    /** Once a second on a background thread: a crash loses about a second at most. */
    EVERYSEC,
    /** Never explicitly: the operating system flushes when it wants. */
    NO;

    /** The directive's word ({@code always}, {@code everysec}, {@code no}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy a directive's word names, case-insensitively; null when it names none. */
    public static AppendFsync fromWord(String word) {
        for (AppendFsync f : values()) {
            if (f.word().equalsIgnoreCase(word)) {
                return f;
            }
        }
        return null;
    }
}
