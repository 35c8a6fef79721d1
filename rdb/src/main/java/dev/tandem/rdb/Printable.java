/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/**
 * Renders byte strings for messages: printable ASCII as is, everything else as {@code \xNN},
 * cut at 64 bytes. Shared by the reader and the loader so their errors read alike.
 */
public final class Printable {
    private static final int MAX_SHOWN = 64;

    private Printable() {
    }

    public static String of(byte[] bytes) {
        StringBuilder sb = new StringBuilder("\"");
        int n = Math.min(bytes.length, MAX_SHOWN);
        for (int i = 0; i < n; i++) {
            int c = bytes[i] & 0xFF;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        if (bytes.length > MAX_SHOWN) {
            sb.append("...(").append(bytes.length).append(" bytes)");
        }
        return sb.append('"').toString();
    }
}
