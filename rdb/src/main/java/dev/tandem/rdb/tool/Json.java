/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.tool;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Minimal JSON text building for the {@code rdb} tool (no JSON library on purpose).
 *
 * <p>Byte strings become JSON strings when they are valid UTF-8, otherwise
 * {@code {"base64":"…"}}. Doubles become JSON numbers; the infinities, which JSON lacks, become
 * the strings {@code "inf"} and {@code "-inf"} (Redis's own spelling).
 */
final class Json {
    private Json() {
    }

    /** Valid UTF-8 (strictly: no malformed or unpaired sequences), decoded; or null. */
    static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A byte string as a JSON value (string or base64 object). */
    static void bytes(StringBuilder out, byte[] bytes) {
        String text = utf8OrNull(bytes);
        if (text != null) {
            string(out, text);
        } else {
            out.append("{\"base64\":");
            string(out, Base64.getEncoder().encodeToString(bytes));
            out.append('}');
        }
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A score: integral values without a fraction, others in Java's shortest round-trip form. */
    static void number(StringBuilder out, double d) {
        if (d == Double.POSITIVE_INFINITY) {
            out.append("\"inf\"");
        } else if (d == Double.NEGATIVE_INFINITY) {
            out.append("\"-inf\"");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d);
        } else {
            out.append(Double.toString(d));
        }
    }

    static void unsigned(StringBuilder out, long v) {
        out.append(Long.toUnsignedString(v));
    }
}
