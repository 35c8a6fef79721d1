/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.util.Locale;

/** The Redis data type of a key, independent of its RDB encoding. */
public enum ValueKind {
    STRING, LIST, SET, ZSET, HASH, STREAM, MODULE;

    /** Lower-case name as Redis's {@code TYPE} command prints it ({@code "string"}, {@code "zset"}...). */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
