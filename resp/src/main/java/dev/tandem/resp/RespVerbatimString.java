/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A RESP3 verbatim string, {@code =15\r\ntxt:Some string\r\n}: a three-byte format ({@code txt},
 * {@code mkd}, ...), a colon, then binary-safe text. The length on the wire counts the four
 * bytes of format and colon.
 */
public final class RespVerbatimString implements RespFrame {

    private final byte[] format;
    private final byte[] text;

    RespVerbatimString(byte[] ownedFormat, byte[] ownedText) {
        this.format = ownedFormat;
        this.text = ownedText;
    }

    /**
     * A verbatim string with a three-character ASCII {@code format} and a copy of {@code text}.
     *
     * @throws IllegalArgumentException if {@code format} is not exactly three ASCII bytes, or
     *         contains CR, LF or ':'
     */
    public static RespVerbatimString of(String format, byte[] text) {
        byte[] fmt = format.getBytes(StandardCharsets.US_ASCII);
        if (fmt.length != 3 || !format.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
            throw new IllegalArgumentException("a verbatim string format must be 3 printable ASCII characters other than ':', got \"" + format + "\"");
        }
        return new RespVerbatimString(fmt, text.clone());
    }

    /** {@link #of(String, byte[])} with the UTF-8 bytes of {@code text}. */
    public static RespVerbatimString of(String format, String text) {
        return of(format, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The three-character format, e.g. {@code txt}. */
    public String format() {
        return new String(format, StandardCharsets.ISO_8859_1);
    }

    byte[] formatBytes() {
        return format;
    }

    byte[] textBytes() {
        return text;
    }

    /** A copy of the text (without the format prefix). */
    public byte[] text() {
        return text.clone();
    }

    /** The text decoded as UTF-8. */
    public String textAsString() {
        return new String(text, StandardCharsets.UTF_8);
    }

    @Override
    public RespType type() {
        return RespType.VERBATIM_STRING;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RespVerbatimString v && Arrays.equals(format, v.format) && Arrays.equals(text, v.text);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(format) * 31 + Arrays.hashCode(text);
    }

    @Override
    public String toString() {
        return "RespVerbatimString[" + format() + ":" + RespDebug.quote(text, 64) + "]";
    }
}
