/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.util.List;

/**
 * A RESP3 attribute together with the frame it annotates: {@code |1\r\n<key><value>} followed by
 * that frame on the wire. Modelled as one frame because an attribute is not a reply of its own:
 * inside an aggregate, the attribute and the following element count as one element.
 */
public record RespAttribute(List<RespMap.Entry> entries, RespFrame value) implements RespFrame {

    public RespAttribute {
        entries = List.copyOf(entries);
        if (value == null) {
            throw new NullPointerException("an attribute must annotate a frame");
        }
    }

    /** The attribute {@code keysAndValues} (alternating) annotating {@code value}. */
    public static RespAttribute of(RespFrame value, RespFrame... keysAndValues) {
        return new RespAttribute(RespMap.pairs(keysAndValues), value);
    }

    /** The attribute entries as a map frame. */
    public RespMap attributes() {
        return new RespMap(entries);
    }

    @Override
    public RespType type() {
        return RespType.ATTRIBUTE;
    }
}
