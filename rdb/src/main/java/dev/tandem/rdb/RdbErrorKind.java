/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/** What went wrong in an {@link RdbFormatException}. */
public enum RdbErrorKind {
    /** The stream does not start with {@code REDIS} + 4 digits. */
    BAD_MAGIC,
    /** A version this reader does not handle (0, or above 12). */
    UNSUPPORTED_VERSION,
    /** The input ended before the end of the file (EOF opcode and checksum). */
    TRUNCATED,
    /** The stored CRC-64 does not match the computed one. */
    BAD_CHECKSUM,
    /** A byte where an opcode or object type belongs is neither. */
    UNKNOWN_TYPE,
    /** An unknown string or length encoding, module opcode or quicklist container. */
    UNKNOWN_ENCODING,
    /** A length that cannot be right: over a configured limit, or beyond what the format allows. */
    BAD_LENGTH,
    /** A zset score that is NaN. */
    NAN_SCORE,
    /** The same key twice in one database (reported by {@link DuplicateKeyDetector}). */
    DUPLICATE_KEY,
    /** The same member/field twice in one collection (reported by {@link RdbCollector}). */
    DUPLICATE_MEMBER,
    /** A structurally invalid value: bad listpack, ziplist, intset, zipmap, LZF or stream. */
    CORRUPT_VALUE,
    /** A module value or module aux data that the configuration says to reject, or type 6. */
    MODULE_REJECTED
}
