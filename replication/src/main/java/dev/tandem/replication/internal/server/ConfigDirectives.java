/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A set of {@code CONFIG GET/SET} directives by their Redis names (lower case). The server
 * matches {@code CONFIG GET} patterns against {@link #names()}; a {@code CONFIG SET} is checked
 * as a whole with {@link #prepare} before anything changes, so that it is all or nothing, as in
 * Redis 7.0.
 */
public interface ConfigDirectives {

    /** The directive names this source answers for, in lower case. */
    Set<String> names();

    /** The current value in Redis's {@code CONFIG GET} form, or empty for an unknown name. */
    Optional<String> get(String name);

    /** Whether {@code CONFIG SET} may change the directive (Redis: {@code can't set immutable config}). */
    default boolean isMutable(String name) {
        return true;
    }

    /**
     * Why {@code CONFIG SET} may not name the directive, found in the names pass as Redis does:
     * {@code can't set immutable config}, or {@code can't set protected config} (Redis 7.0's
     * protected configs while {@code enable-protected-configs no}); null when it may.
     */
    default String nameRefusal(String name) {
        return isMutable(name) ? null : "can't set immutable config";
    }

    /**
     * Checks a change of several directives and returns what applies it; nothing changes until
     * the returned action runs, and it does not fail.
     *
     * @param changes name as given (one of {@link #names()}) → value, in the order given
     * @throws ConfigRejectedException naming the first argument whose value is refused, with
     *     Redis's reason; the server replies {@code -ERR CONFIG SET failed (possibly related to
     *     argument '<name>') - <reason>} as Redis 7.0 does
     */
    Runnable prepare(Map<String, String> changes);

    /** No directives at all. */
    ConfigDirectives NONE = new ConfigDirectives() {
        @Override
        public Set<String> names() {
            return Set.of();
        }

        @Override
        public Optional<String> get(String name) {
            return Optional.empty();
        }

        @Override
        public Runnable prepare(Map<String, String> changes) {
            String name = changes.keySet().iterator().next();
            throw new ConfigRejectedException(name, "Unknown option or number of arguments for CONFIG SET - '" + name + "'");
        }
    };
}
