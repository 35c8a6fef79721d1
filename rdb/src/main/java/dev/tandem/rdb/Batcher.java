/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects elements into bounded batches for the visitor: a batch is handed over when it
 * reaches the element limit or the byte limit, or when the owner flushes it. Each batch is a
 * fresh list that the receiver may keep.
 */
final class Batcher<T> {
    private static final int FIRST_BATCH_CAPACITY = 16;

    private final int maxElements;
    private final long maxBytes;
    private final Consumer<List<T>> sink;
    private List<T> items = new ArrayList<>(FIRST_BATCH_CAPACITY);
    private long bytes;
    private long total;

    Batcher(RdbReaderConfig config, Consumer<List<T>> sink) {
        this.maxElements = config.batchMaxElements();
        this.maxBytes = config.batchMaxBytes();
        this.sink = sink;
    }

    void add(T item, long size) {
        items.add(item);
        bytes += size;
        total++;
        if (items.size() >= maxElements || bytes >= maxBytes) {
            flush();
        }
    }

    void flush() {
        if (items.isEmpty()) {
            return;
        }
        List<T> batch = items;
        items = new ArrayList<>(Math.min(maxElements, batch.size() * 2));
        bytes = 0;
        sink.accept(batch);
    }

    /** Elements added since creation. */
    long total() {
        return total;
    }
}
