/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import dev.tandem.rdb.internal.codec.ListpackCursor;
import dev.tandem.rdb.internal.codec.MalformedDataException;
import dev.tandem.rdb.internal.codec.ZiplistCursor;

/**
 * Quicklists: a node count, then one unit per node. LIST_QUICKLIST (14, Redis 3.2–6.2): each
 * node is a string holding a ziplist. LIST_QUICKLIST_2 (18, 7.0+): each node is a container
 * length ({@code 2} = PACKED, a listpack; {@code 1} = PLAIN, one raw element) and a string.
 * Nodes may be LZF-compressed strings. Empty nodes are skipped silently, as Redis does. A
 * visitor that accepts compact values gets each type-18 node whole ({@link RdbVisitor#onListNode}).
 */
final class QuicklistDecoder implements ValueDecoder {
    private static final long CONTAINER_PLAIN = 1;
    private static final long CONTAINER_PACKED = 2;

    private final ReaderContext ctx;
    private final RdbKey key;
    private final boolean v2;
    private long remaining = -1;

    QuicklistDecoder(ReaderContext ctx, RdbKey key) {
        this.ctx = ctx;
        this.key = key;
        this.v2 = key.rdbType() == RdbTypes.LIST_QUICKLIST_2;
    }

    @Override
    public boolean step() {
        RdbInput in = ctx.input;
        if (remaining < 0) {
            remaining = in.count("quicklist node count");
        } else {
            long container = CONTAINER_PACKED;
            long containerAt = in.offset();
            if (v2) {
                container = in.length();
                if (container != CONTAINER_PACKED && container != CONTAINER_PLAIN) {
                    throw new RdbFormatException(RdbErrorKind.UNKNOWN_ENCODING, "unknown quicklist container "
                            + Long.toUnsignedString(container) + " in key " + Printable.of(key.key()), containerAt);
                }
            }
            long stringAt = in.offset();
            byte[] node = in.string();
            long dataAt = in.lastStringDataOffset();
            if (container == CONTAINER_PLAIN) {
                if (v2 && ctx.visitor.acceptsCompactValues()) {
                    ctx.emitter.begin();
                    ctx.visitor.onListNode(key, node, 1, true);
                } else {
                    ctx.emitter.listElement(node);
                }
            } else if (v2 && ctx.visitor.acceptsCompactValues()) {
                handOver(node, dataAt, stringAt);
            } else {
                try {
                    emitNode(node);
                } catch (MalformedDataException e) {
                    throw ReaderContext.corrupt(key, v2 ? "quicklist listpack node" : "quicklist ziplist node",
                            e, dataAt, stringAt);
                }
            }
            remaining--;
        }
        if (remaining == 0) {
            ctx.emitter.finish();
            return true;
        }
        return false;
    }

    /**
     * A listpack node taken as it is (rdbLoadObject's quicklistAppendListpack), after the
     * structural check Redis makes (lpValidateIntegrity, deep); empty nodes are skipped.
     */
    private void handOver(byte[] node, long dataAt, long stringAt) {
        int entries;
        try {
            entries = dev.tandem.core.internal.compact.Listpack.validate(node);
        } catch (IllegalArgumentException e) {
            throw ReaderContext.corrupt(key, "quicklist listpack node", new MalformedDataException(e.getMessage(), 0),
                    dataAt, stringAt);
        }
        if (entries > 0) {
            ctx.emitter.begin();
            ctx.visitor.onListNode(key, node, entries, false);
        }
    }

    private void emitNode(byte[] node) {
        if (v2) {
            ListpackCursor c = new ListpackCursor(node);
            while (c.next()) {
                ctx.emitter.listElement(c.bytes());
            }
        } else {
            ZiplistCursor c = new ZiplistCursor(node);
            while (c.next()) {
                ctx.emitter.listElement(c.bytes());
            }
        }
    }
}
