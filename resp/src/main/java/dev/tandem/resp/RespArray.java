/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.util.List;

/** A RESP array, {@code *2\r\n...}: an ordered, immutable list of frames. */
public record RespArray(List<RespFrame> elements) implements RespFrame {

    public RespArray {
        elements = List.copyOf(elements);
    }

    public static RespArray of(RespFrame... elements) {
        return new RespArray(List.of(elements));
    }

    /** An array of bulk strings, the shape of every command on the wire. */
    public static RespArray ofBulkStrings(byte[]... values) {
        RespFrame[] frames = new RespFrame[values.length];
        for (int i = 0; i < values.length; i++) {
            frames[i] = RespBulkString.of(values[i]);
        }
        return new RespArray(List.of(frames));
    }

    /** An array of the UTF-8 bulk strings {@code values}. */
    public static RespArray ofBulkStrings(String... values) {
        RespFrame[] frames = new RespFrame[values.length];
        for (int i = 0; i < values.length; i++) {
            frames[i] = RespBulkString.of(values[i]);
        }
        return new RespArray(List.of(frames));
    }

    public int size() {
        return elements.size();
    }

    public RespFrame get(int index) {
        return elements.get(index);
    }

    @Override
    public RespType type() {
        return RespType.ARRAY;
    }
}
