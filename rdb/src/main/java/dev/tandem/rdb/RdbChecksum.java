/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/**
 * The outcome of the trailing CRC-64.
 *
 * @param status   what was checked
 * @param stored   the checksum stored in the file (0 if absent)
 * @param computed the CRC-64 of every byte from {@code REDIS} to the EOF opcode
 */
public record RdbChecksum(Status status, long stored, long computed) {
    public enum Status {
        /** Stored and computed checksums match. */
        VERIFIED,
        /** The file stores 0: written with {@code rdbchecksum no}; nothing to verify. */
        DISABLED_IN_FILE,
        /** Version below 5: the format has no checksum. */
        ABSENT,
        /** The reader was configured not to verify. */
        NOT_VERIFIED
    }

    @Override
    public String toString() {
        return switch (status) {
            case VERIFIED -> "verified (" + hex(stored) + ")";
            case DISABLED_IN_FILE -> "disabled in file (stored 0)";
            case ABSENT -> "absent (RDB version < 5)";
            case NOT_VERIFIED -> "not verified (stored " + hex(stored) + ", computed " + hex(computed) + ")";
        };
    }

    static String hex(long v) {
        return String.format("0x%016x", v);
    }
}
