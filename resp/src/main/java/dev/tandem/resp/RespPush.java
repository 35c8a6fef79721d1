/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.util.List;

/** A RESP3 push, {@code >3\r\n...}: out-of-band data such as pub/sub messages. */
public record RespPush(List<RespFrame> elements) implements RespFrame {

    public RespPush {
        elements = List.copyOf(elements);
    }

    public static RespPush of(RespFrame... elements) {
        return new RespPush(List.of(elements));
    }

    public int size() {
        return elements.size();
    }

    @Override
    public RespType type() {
        return RespType.PUSH;
    }
}
