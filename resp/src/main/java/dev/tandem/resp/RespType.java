/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/** The RESP2/RESP3 value types, each with the byte that introduces it on the wire. */
public enum RespType {
    SIMPLE_STRING('+', false),
    ERROR('-', false),
    INTEGER(':', false),
    BULK_STRING('$', false),
    /** A null of any form; see {@link RespNull.Form} for which one. */
    NULL('_', true),
    ARRAY('*', false),
    MAP('%', true),
    SET('~', true),
    DOUBLE(',', true),
    BOOLEAN('#', true),
    BIG_NUMBER('(', true),
    VERBATIM_STRING('=', true),
    PUSH('>', true),
    ATTRIBUTE('|', true);

    private final byte marker;
    private final boolean resp3Only;

    RespType(char marker, boolean resp3Only) {
        this.marker = (byte) marker;
        this.resp3Only = resp3Only;
    }

    /** The first byte of this type's wire form (for {@link #NULL}: the RESP3 form {@code _}). */
    public byte marker() {
        return marker;
    }

    /**
     * Whether a RESP2 peer cannot receive this type as is (see {@link Resp2Downgrade}).
     * {@link #NULL} counts as RESP3-only because of its {@code _} form; RESP2 null bulk and
     * null array frames need no downgrade.
     */
    public boolean isResp3Only() {
        return resp3Only;
    }
}
