/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

/**
 * Aborts a command with an error reply. Thrown from deep inside command code (argument
 * parsing, type checks) and turned into a {@code Reply.ErrorReply} by the executor; the text
 * is Redis's exact text, prefix included. No stack trace: this is control flow.
 */
public final class RedisError extends RuntimeException {
    public static final String WRONGTYPE =
            "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String OUT_OF_RANGE = "ERR index out of range";
    public static final String DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range";
    public static final String INVALID_EXPIRE_PREFIX = "ERR invalid expire time in '";

    public RedisError(String text) {
        super(text, null, false, false);
    }

    public String text() {
        return getMessage();
    }

    public static RedisError wrongType() {
        return new RedisError(WRONGTYPE);
    }

    public static RedisError syntax() {
        return new RedisError(SYNTAX);
    }

    public static RedisError notInteger() {
        return new RedisError(NOT_INTEGER);
    }

    public static RedisError notFloat() {
        return new RedisError(NOT_FLOAT);
    }

    /** {@code ERR wrong number of arguments for 'get' command} (lowercase name, as 7.0). */
    public static RedisError wrongArity(String commandName) {
        return new RedisError("ERR wrong number of arguments for '"
                + commandName.toLowerCase(java.util.Locale.ROOT) + "' command");
    }
}
