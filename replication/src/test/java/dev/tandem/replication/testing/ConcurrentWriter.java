package dev.tandem.replication.testing;

import dev.tandem.replication.ReplicatedKeyspace;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/** A thread writing {@link Workloads#randomWrite} to a node until closed or out of budget. */
public final class ConcurrentWriter implements AutoCloseable {

    private final Thread thread;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private ConcurrentWriter(ReplicatedKeyspace node, long seed, int keySpace, long maxWrites) {
        this.thread = new Thread(() -> {
            SplittableRandom random = new SplittableRandom(seed);
            try {
                while (running && writes.get() < maxWrites) {
                    Workloads.randomWrite(node, random, keySpace);
                    writes.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "concurrent-writer");
        thread.setDaemon(true);
    }

    /**
     * Starts writing at once, at most {@code maxWrites} writes (a bound, so that a test's stream
     * stays small: the replicas parse it under Netty's PARANOID leak detector, which is slow).
     */
    public static ConcurrentWriter start(ReplicatedKeyspace node, long seed, int keySpace, long maxWrites) {
        ConcurrentWriter w = new ConcurrentWriter(node, seed, keySpace, maxWrites);
        w.thread.start();
        return w;
    }

    /** Waits until the writer made all its writes. */
    public void awaitDone() throws InterruptedException {
        thread.join(30_000);
        if (thread.isAlive()) {
            throw new AssertionError("the concurrent writer did not finish");
        }
        rethrow();
    }

    public long writes() {
        return writes.get();
    }

    /** Waits until at least {@code more} further writes were made. */
    public void awaitMoreWrites(long more) {
        long target = writes.get() + more;
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> writes.get() >= target || failure.get() != null);
        rethrow();
    }

    private void rethrow() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("the concurrent writer failed", t);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        rethrow();
    }
}
