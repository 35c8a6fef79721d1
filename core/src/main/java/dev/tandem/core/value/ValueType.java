/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

/** The data types of the keyspace, named as Redis's {@code TYPE} command names them. */
public enum ValueType {
    STRING("string"),
    LIST("list"),
    SET("set"),
    ZSET("zset"),
    HASH("hash"),
    STREAM("stream");

    private final String redisName;

    ValueType(String redisName) {
        this.redisName = redisName;
    }

    /** The name {@code TYPE} replies with and {@code SCAN ... TYPE} matches. */
    public String redisName() {
        return redisName;
    }
}
