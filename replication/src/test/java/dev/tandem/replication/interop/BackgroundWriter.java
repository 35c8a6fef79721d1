package dev.tandem.replication.interop;

import dev.tandem.testkit.RespClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a seeded {@link RandomWorkload} on its own connection until stopped, so a sync can be
 * tested while the master keeps changing. {@link #stop()} waits for the writer and rethrows its
 * failure.
 */
final class BackgroundWriter implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong commands = new AtomicLong();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    BackgroundWriter(String host, int port, long seed, String prefix) {
        Thread t = new Thread(() -> {
            try (RespClient c = RespClient.connect(host, port)) {
                RandomWorkload workload = new RandomWorkload(seed, prefix);
                while (running.get()) {
                    workload.run(c, 50);
                    commands.addAndGet(50);
                }
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "background-writer-" + prefix);
        t.setDaemon(true);
        t.start();
    }

    long commands() {
        return commands.get();
    }

    /** Stops the writer and waits for it (bounded); returns how many commands it ran. */
    long stop() throws Exception {
        running.set(false);
        done.get(20, TimeUnit.SECONDS);
        return commands.get();
    }

    @Override
    public void close() throws Exception {
        if (running.get()) {
            stop();
        }
    }
}
