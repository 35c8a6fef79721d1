package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServerShutdownTest {

    private final RecordingLogger log = new RecordingLogger();
    private final AtomicInteger closes = new AtomicInteger();

    @Test
    void theSignalHookClosesTheNodeAndLogsLikeRedis() throws Exception {
        ServerShutdown shutdown = new ServerShutdown(log, closes::incrementAndGet);
        Thread hook = shutdown.signalHook();
        hook.start();
        hook.join(10_000);
        assertEquals(1, closes.get());
        assertTrue(shutdown.awaitShutdown(0, TimeUnit.SECONDS));
        assertEquals(List.of("WARN Received SIGTERM or SIGINT scheduling shutdown...", "WARN User requested shutdown...",
                "WARN Tandem is now ready to exit, bye bye..."), log.lines());
    }

    @Test
    void theNodeIsClosedOnceWhoeverAsksFirst() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServerShutdown shutdown = new ServerShutdown(log, () -> {
            closes.incrementAndGet();
            closing.countDown();
            release.await();
        });
        Thread command = new Thread(() -> shutdown.shutdown("SHUTDOWN command received"));
        command.start();
        assertTrue(closing.await(10, TimeUnit.SECONDS));
        assertTrue(shutdown.isShuttingDown());
        shutdown.shutdown("a second request"); // returns at once, closes nothing
        assertFalse(shutdown.awaitShutdown(0, TimeUnit.SECONDS));
        release.countDown();
        assertTrue(shutdown.awaitShutdown(10, TimeUnit.SECONDS));
        command.join(10_000);
        assertEquals(1, closes.get());
        assertEquals("WARN SHUTDOWN command received", log.lines().get(0));
        assertFalse(log.lines().contains("WARN a second request"));
    }

    @Test
    void aFailingCloseIsLoggedAndStillFinishes() throws Exception {
        ServerShutdown shutdown = new ServerShutdown(log, () -> {
            throw new IllegalStateException("boom");
        });
        shutdown.shutdown("test");
        assertTrue(shutdown.awaitShutdown(0, TimeUnit.SECONDS));
        assertTrue(log.lines().contains("ERROR Error while shutting down: java.lang.IllegalStateException: boom"),
                log.lines().toString());
        assertEquals("WARN Tandem is now ready to exit, bye bye...", log.lines().get(log.lines().size() - 1));
    }
}
