package dev.tandem.examples.server;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * Closes the node exactly once, whichever asks first: a signal (through the JVM shutdown hook
 * from {@link #signalHook()}) or a {@code SHUTDOWN} command. The JVM runs shutdown hooks on
 * SIGTERM, SIGINT and SIGHUP alike and does not say which arrived, so the log line names the
 * usual two rather than guessing one, unlike Redis's "Received SIGTERM scheduling shutdown...".
 */
final class ServerShutdown {

    private final Logger log;
    private final AutoCloseable node;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    ServerShutdown(Logger log, AutoCloseable node) {
        this.log = Objects.requireNonNull(log, "log");
        this.node = Objects.requireNonNull(node, "node");
    }

    /** A thread for {@link Runtime#addShutdownHook}: shuts the node down when the JVM is told to exit. */
    Thread signalHook() {
        return new Thread(() -> shutdown("Received SIGTERM or SIGINT scheduling shutdown..."), "tandem-shutdown");
    }

    /**
     * Closes the node unless that has started already; returns once it is closed (or
     * immediately, on the second and later calls).
     *
     * @param reason logged first, as Redis logs why it shuts down
     */
    void shutdown(String reason) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        try {
            log.warn(reason);
            log.warn("User requested shutdown...");
            try {
                node.close();
            } catch (Exception e) {
                log.error("Error while shutting down: {}", e.toString(), e);
            }
            log.warn("Tandem is now ready to exit, bye bye...");
        } finally {
            finished.countDown();
        }
    }

    /** Whether a shutdown has started. */
    boolean isShuttingDown() {
        return started.get();
    }

    /** Waits until a shutdown has finished. */
    void awaitShutdown() throws InterruptedException {
        finished.await();
    }

    /** Waits at most {@code timeout} until a shutdown has finished; true when it has. */
    boolean awaitShutdown(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }
}
