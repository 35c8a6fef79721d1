/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sync;

/** The full-sync payload could not be received: the master misbehaved or the link broke. */
public final class RdbTransferException extends Exception {

    public RdbTransferException(String message) {
        super(message);
    }
}
