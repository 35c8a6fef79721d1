/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import java.util.Locale;
import java.util.Optional;

/**
 * Redis's {@code loglevel} values, mapped onto slf4j-simple's levels. Redis has four levels and
 * slf4j five, so each Redis level maps to the slf4j level that shows the same share of detail:
 * {@code debug} shows everything ({@code trace}), {@code verbose} is {@code debug},
 * {@code notice} (Redis's default) is {@code info}, {@code warning} is {@code warn}.
 */
public enum RedisLogLevel {
    DEBUG("debug", "trace"),
    VERBOSE("verbose", "debug"),
    NOTICE("notice", "info"),
    WARNING("warning", "warn");

    private final String configName;
    private final String slf4jSimpleLevel;

    RedisLogLevel(String configName, String slf4jSimpleLevel) {
        this.configName = configName;
        this.slf4jSimpleLevel = slf4jSimpleLevel;
    }

    /** The value as written in {@code redis.conf}. */
    public String configName() {
        return configName;
    }

    /** The value for {@code org.slf4j.simpleLogger.defaultLogLevel}. */
    public String slf4jSimpleLevel() {
        return slf4jSimpleLevel;
    }

    /** Case-insensitive, as Redis matches enum values. */
    static Optional<RedisLogLevel> fromConfigName(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (RedisLogLevel level : values()) {
            if (level.configName.equals(lower)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
