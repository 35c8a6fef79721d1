/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.config;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Directive values are bytes in Redis ({@code CONFIG SET requirepass "\xff\xfe"} stores those two
 * bytes), strings in Tandem's API and registry. This maps one onto the other without loss and
 * without changing what the API means: valid UTF-8 decodes to the very string a Java caller
 * would pass (so {@code requirepass("pässword")} and a client's UTF-8 {@code AUTH pässword}
 * agree), and each byte that is not part of valid UTF-8 becomes the lone surrogate
 * {@code U+DC00 + byte} (the "surrogate escape" of PEP 383), which {@link #encode} turns back
 * into that byte. A plain UTF-8 decode would turn such bytes into U+FFFD, so distinct passwords
 * would collapse into one predictable value (issue #14).
 */
public final class ByteStrings {

    private static final char ESCAPE_BASE = 0xDC00;

    private ByteStrings() {
    }

    /** The string form of {@code bytes}: UTF-8, with undecodable bytes escaped. */
    public static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never yields more chars than bytes, and an escape is one char per byte.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                break;
            }
            if (!result.isError()) {
                throw new IllegalStateException("unexpected " + result);
            }
            for (int i = 0; i < result.length(); i++) {
                out.put((char) (ESCAPE_BASE | (in.get() & 0xff)));
            }
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /** The bytes {@code text} stands for: the inverse of {@link #decode}; UTF-8 for any ordinary string. */
    public static byte[] encode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                run.append(c).append(text.charAt(++i)); // a real pair, whatever its low half
            } else if (c >= ESCAPE_BASE && c <= ESCAPE_BASE + 0xff) {
                out.writeBytes(run.toString().getBytes(StandardCharsets.UTF_8));
                run.setLength(0);
                out.write(c & 0xff);
            } else {
                run.append(c);
            }
        }
        out.writeBytes(run.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
