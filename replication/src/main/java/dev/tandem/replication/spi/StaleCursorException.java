/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

/**
 * Thrown when a cursor is read after its backlog started a new history or was freed: the
 * replica behind it must be disconnected and resynchronize.
 */
public final class StaleCursorException extends IllegalStateException {

    public StaleCursorException(long position) {
        super("backlog history was reset or freed; cursor at offset " + position + " is stale");
    }
}
