/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

/** The node could not start (a listening address could not be bound); the message says why, as Redis does. */
final class NodeStartException extends Exception {

    private static final long serialVersionUID = 1L;

    NodeStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
