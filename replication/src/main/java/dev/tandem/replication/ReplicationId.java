/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A replication id: 40 lowercase hexadecimal characters naming one replication history
 * ({@code master_replid}). The cleared id ({@link #NONE}, forty {@code '0'}) is what Redis shows
 * as {@code master_replid2} when there is no previous history.
 *
 * <p>Ids are compared case-insensitively by Redis ({@code PSYNC} with an upper-cased id is
 * accepted), so parsing normalizes to lowercase and {@link #equals} is then exact.
 */
public final class ReplicationId {

    /** Length of every id, Redis's {@code CONFIG_RUN_ID_SIZE}. */
    public static final int LENGTH = 40;

    /** The cleared id: forty {@code '0'} characters. */
    public static final ReplicationId NONE = new ReplicationId("0".repeat(LENGTH));

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String hex;

    private ReplicationId(String hex) {
        this.hex = hex;
    }

    /** A fresh random id (like Redis's {@code getRandomHexChars}, from a {@link SecureRandom}). */
    public static ReplicationId random() {
        return new ReplicationId(randomHex(LENGTH));
    }

    /** {@code length} random lowercase hex characters; also used for {@code $EOF:} marks. */
    public static String randomHex(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0: " + length);
        }
        byte[] bytes = new byte[(length + 1) / 2];
        RANDOM.nextBytes(bytes);
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            int b = bytes[i / 2];
            out[i] = HEX[(i % 2 == 0 ? b >>> 4 : b) & 0xf];
        }
        return new String(out);
    }

    /**
     * Parses an id.
     *
     * @throws IllegalArgumentException unless {@code text} is exactly 40 hex characters
     */
    public static ReplicationId parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "a replication id is 40 hexadecimal characters, got '" + abbreviate(text) + "'"));
    }

    /** Parses an id, or returns empty when {@code text} is not exactly 40 hex characters. */
    public static Optional<ReplicationId> tryParse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() != LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < LENGTH; i++) {
            if (!isHexDigit(text.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(new ReplicationId(text.toLowerCase(Locale.ROOT)));
    }

    /** Whether {@code candidate} names this id, ignoring case (Redis uses {@code strcasecmp}). */
    public boolean matches(String candidate) {
        return candidate != null && hex.equalsIgnoreCase(candidate);
    }

    public boolean isNone() {
        return equals(NONE);
    }

    /** The 40 characters as US-ASCII bytes, as they appear on the wire. */
    public byte[] toBytes() {
        return hex.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicationId other && hex.equals(other.hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    /** The 40 lowercase hex characters. */
    @Override
    public String toString() {
        return hex;
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
