/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import java.util.Objects;

/**
 * A command answered with an error reply, thrown by the typed convenience methods of
 * {@link KeyspaceCommands}; {@link #errorText()} is Redis's text, e.g.
 * {@code READONLY You can't write against a read only replica.} or
 * {@code WRONGTYPE Operation against a key holding the wrong kind of value}.
 */
public final class RedisReplyException extends RuntimeException {

    private final String errorText;

    public RedisReplyException(String errorText) {
        super(Objects.requireNonNull(errorText, "errorText"));
        this.errorText = errorText;
    }

    /** The error reply's text, prefix included. */
    public String errorText() {
        return errorText;
    }

    /** The error code: the first word ({@code ERR}, {@code WRONGTYPE}, {@code READONLY}, ...). */
    public String prefix() {
        int space = errorText.indexOf(' ');
        return space < 0 ? errorText : errorText.substring(0, space);
    }
}
