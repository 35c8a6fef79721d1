/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The lower-case hex SHA-1 Redis names scripts by (and {@code redis.sha1hex} returns). */
public final class Sha1Hex {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Sha1Hex() {
    }

    public static String of(byte[] data) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
        byte[] d = md.digest(data);
        char[] out = new char[40];
        for (int i = 0; i < d.length; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[d[i] & 0xf];
        }
        return new String(out);
    }
}
