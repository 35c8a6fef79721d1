/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.datasets;

import io.netty.buffer.ByteBuf;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The output side of an RDB writer in tests: copies each chunk in arrival order, remembers its
 * size and releases it (the writer hands ownership over).
 */
public final class ChunkCollector implements Consumer<ByteBuf> {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<Integer> sizes = new ArrayList<>();

    @Override
    public synchronized void accept(ByteBuf buf) {
        try {
            byte[] b = new byte[buf.readableBytes()];
            buf.readBytes(b);
            bytes.write(b, 0, b.length);
            sizes.add(b.length);
        } finally {
            buf.release();
        }
    }

    public synchronized byte[] bytes() {
        return bytes.toByteArray();
    }

    public synchronized List<Integer> chunkSizes() {
        return Collections.unmodifiableList(new ArrayList<>(sizes));
    }
}
