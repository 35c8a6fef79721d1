/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.testkit;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An unpooled allocator that remembers every buffer it hands out, so a test can assert that all
 * of them were released (Netty's leak detector only logs), and that can make the n-th
 * allocation fail. Heap requests get heap buffers, direct requests direct ones, as a real
 * allocator would: code under test sees the buffer kinds it asked for. Thread-safe.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

    private final Queue<ByteBuf> allocated = new ConcurrentLinkedQueue<>();
    private final AtomicInteger allocationsBeforeFailure = new AtomicInteger(-1);

    public TrackingAllocator() {
        super(false);
    }

    /** The next {@code n} allocations succeed, the one after fails with {@link OutOfMemoryError}. */
    public void failAfter(int n) {
        allocationsBeforeFailure.set(n);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        failIfInjected();
        return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        failIfInjected();
        return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
    }

    private void failIfInjected() {
        int left = allocationsBeforeFailure.getAndUpdate(v -> v > 0 ? v - 1 : v);
        if (left == 0) {
            allocationsBeforeFailure.set(-1);
            throw new OutOfMemoryError("injected allocation failure");
        }
    }

    private ByteBuf track(ByteBuf buf) {
        allocated.add(buf);
        return buf;
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** A tracked heap buffer holding a copy of {@code bytes[from, from+length)}. */
    public ByteBuf copyOf(byte[] bytes, int from, int length) {
        return heapBuffer(length, length).writeBytes(bytes, from, length);
    }

    /** Buffers handed out so far. */
    public int allocations() {
        return allocated.size();
    }

    /** How many buffers still hold references. */
    public long live() {
        return allocated.stream().filter(b -> b.refCnt() > 0).count();
    }

    /** The buffers that still hold references (empty when everything was released). */
    public List<ByteBuf> unreleased() {
        List<ByteBuf> live = new ArrayList<>();
        for (ByteBuf b : allocated) {
            if (b.refCnt() != 0) {
                live.add(b);
            }
        }
        return live;
    }
}
