/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/** Renders byte strings for toString() and error messages: printable ASCII as is, others as \xHH. */
final class RespDebug {
    private RespDebug() {
    }

    static String quote(byte[] bytes, int maxShown) {
        StringBuilder sb = new StringBuilder(Math.min(bytes.length, maxShown) + 8).append('"');
        int shown = Math.min(bytes.length, maxShown);
        for (int i = 0; i < shown; i++) {
            appendEscaped(sb, bytes[i]);
        }
        sb.append('"');
        if (shown < bytes.length) {
            sb.append("...(").append(bytes.length).append(" bytes)");
        }
        return sb.toString();
    }

    static void appendEscaped(StringBuilder sb, byte b) {
        int c = b & 0xff;
        switch (c) {
            case '\\' -> sb.append("\\\\");
            case '"' -> sb.append("\\\"");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            default -> {
                if (c >= 0x20 && c < 0x7f) {
                    sb.append((char) c);
                } else {
                    sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                }
            }
        }
    }
}
