/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.internal.command.CommandSpec;

/**
 * A client with {@code CLIENT TRACKING} on: the keyspace tells it which keys its read-only
 * commands read (Redis's {@code trackingRememberKeys}, called from {@code call()}), while the
 * command's lock is still held, so that no write can change a key between the read and its
 * registration in the tracking table (a change after the registration invalidates it).
 * Called under the read lock by concurrent readers: implementations must be thread-safe.
 */
public interface TrackedReads {

    /**
     * {@code command} (flagged read-only) ran with {@code argv}; or, when {@code script} is true,
     * a script ({@code EVAL}, {@code FCALL}...) called a read-only command, and {@code argv} is the
     * script command, whose declared keys Redis remembers.
     */
    void remember(CommandSpec command, byte[][] argv, boolean script);
}
