/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/** A RESP simple string, {@code +OK\r\n}. The payload cannot contain CR or LF. */
public final class RespSimpleString extends AbstractBytesFrame implements RespFrame {

    /** {@code +OK}, the most common reply. */
    public static final RespSimpleString OK = new RespSimpleString(new byte[] {'O', 'K'});

    RespSimpleString(byte[] ownedBytes) {
        super(ownedBytes);
    }

    /** A simple string holding a copy of {@code value}; rejects CR and LF. */
    public static RespSimpleString of(byte[] value) {
        byte[] copy = value.clone();
        requireNoLineBreak(copy, "a simple string");
        return new RespSimpleString(copy);
    }

    /** A simple string holding the UTF-8 bytes of {@code value}; rejects CR and LF. */
    public static RespSimpleString of(String value) {
        byte[] bytes = utf8(value);
        requireNoLineBreak(bytes, "a simple string");
        return new RespSimpleString(bytes);
    }

    @Override
    public RespType type() {
        return RespType.SIMPLE_STRING;
    }
}
