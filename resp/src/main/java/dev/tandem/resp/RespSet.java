/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.util.List;

/**
 * A RESP3 set, {@code ~2\r\n...}. The elements keep their wire order (and duplicates, should a
 * peer send any) so that a frame re-encodes exactly; equality is therefore order-sensitive.
 */
public record RespSet(List<RespFrame> elements) implements RespFrame {

    public RespSet {
        elements = List.copyOf(elements);
    }

    public static RespSet of(RespFrame... elements) {
        return new RespSet(List.of(elements));
    }

    public int size() {
        return elements.size();
    }

    @Override
    public RespType type() {
        return RespType.SET;
    }
}
