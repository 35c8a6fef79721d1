/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/** The protocol a peer speaks: RESP2 (the default) or RESP3 (after {@code HELLO 3}). */
public enum RespVersion {
    RESP2,
    RESP3
}
