/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/**
 * Something the reader skipped instead of failing; counted by
 * {@link RdbReader#warningCount(RdbWarning.Kind)} and reported to
 * {@link RdbVisitor#onWarning}.
 */
public record RdbWarning(Kind kind, String message, long offset) {
    public enum Kind {
        /** A type-7 module value skipped because its module is not available here. */
        MODULE_VALUE_SKIPPED,
        /** A MODULE_AUX blob skipped. */
        MODULE_AUX_SKIPPED,
        /** A collection with no elements, which Redis also skips on load ("skipping empty key"). */
        EMPTY_KEY_SKIPPED
    }

    @Override
    public String toString() {
        return kind + ": " + message + " at offset " + offset;
    }
}
