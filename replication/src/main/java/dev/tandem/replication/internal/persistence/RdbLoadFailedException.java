/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

/**
 * The node's RDB file exists but cannot be loaded (unreadable, truncated, corrupt): the node does
 * not start, rather than serve a partial data set. The message names the file and the reason.
 */
public final class RdbLoadFailedException extends IllegalStateException {
    RdbLoadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
