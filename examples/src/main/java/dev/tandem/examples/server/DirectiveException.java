/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

/** A directive's arguments were rejected; the message is the reason as Redis words it. */
final class DirectiveException extends Exception {

    DirectiveException(String reason) {
        super(reason, null, false, false);
    }
}
