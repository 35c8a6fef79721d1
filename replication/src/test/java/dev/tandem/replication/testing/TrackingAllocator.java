package dev.tandem.replication.testing;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An allocator that remembers every buffer it hands out, so tests can assert that all of them
 * were released (reference count 0) and can make the n-th allocation fail.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> allocated = new CopyOnWriteArrayList<>();
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
        int left = allocationsBeforeFailure.getAndUpdate(v -> v > 0 ? v - 1 : v);
        if (left == 0) {
            allocationsBeforeFailure.set(-1);
            throw new OutOfMemoryError("injected allocation failure");
        }
        ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
        allocated.add(buf);
        return buf;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    public int allocations() {
        return allocated.size();
    }

    /** Buffers whose reference count is still above zero. */
    public long live() {
        return allocated.stream().filter(b -> b.refCnt() > 0).count();
    }
}
