package dev.tandem.replication.sim;

import dev.tandem.replication.ReplicatedKeyspace;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/**
 * A second writer for the simulation: writes to whichever node is the master at the moment,
 * concurrently with the simulation's own actions (promotions and re-points included), but only
 * as many writes as it was granted ({@link #grant}), so the volume stays bounded and nothing
 * needs to sleep. Writes that meet a node which just turned replica get {@code READONLY} and
 * are dropped; writes that land on an old master after a promotion are the split brain that
 * the invariants must survive.
 */
final class BackgroundWriter implements AutoCloseable {

    private final Semaphore quota = new Semaphore(0);
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger written = new AtomicInteger();
    private final SimWorkload workload;
    private final Supplier<ReplicatedKeyspace> master;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Throwable failure;

    BackgroundWriter(SimWorkload workload, Supplier<ReplicatedKeyspace> master) {
        this.workload = workload;
        this.master = master;
        this.thread = new Thread(this::run, "sim-background-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                quota.acquire();
                if (stopped) {
                    return;
                }
                SimWorkload.Command c = workload.next();
                master.get().database(c.db()).execute(c.argv());
                written.incrementAndGet();
                pending.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    /** Lets the writer make {@code n} more writes, whenever it gets to them. */
    void grant(int n) {
        pending.addAndGet(n);
        quota.release(n);
    }

    /** Waits until every granted write was made. */
    void drain() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
                .until(() -> failure != null || pending.get() == 0);
        if (failure != null) {
            throw new AssertionError("background writer failed", failure);
        }
    }

    int written() {
        return written.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        quota.release(1);
        thread.join(10_000);
    }
}
