/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

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
    void aSignalRequestWakesTheMainThreadWhichClosesTheNodeAndLogsLikeRedis() throws Exception {
        ServerShutdown shutdown = new ServerShutdown(log);
        Thread main = new Thread(() -> {
            try {
                shutdown.awaitRequest();
                shutdown.shutdown(closes::incrementAndGet);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        main.start();
        assertFalse(shutdown.isRequested());
        shutdown.request("Received SIGTERM scheduling shutdown...");
        main.join(10_000);
        assertEquals(1, closes.get());
        assertTrue(shutdown.awaitShutdown(0, TimeUnit.SECONDS));
        assertEquals(List.of("WARN Received SIGTERM scheduling shutdown...", "WARN User requested shutdown...",
                "WARN Tandem is now ready to exit, bye bye..."), log.lines());
    }

    @Test
    void aShutdownCommandRequestLogsNoReasonLineAsInRedis() throws Exception {
        ServerShutdown shutdown = new ServerShutdown(log);
        shutdown.request(null);
        assertTrue(shutdown.isRequested());
        shutdown.awaitRequest();
        shutdown.shutdown(closes::incrementAndGet);
        assertEquals(List.of("WARN User requested shutdown...", "WARN Tandem is now ready to exit, bye bye..."),
                log.lines());
    }

    @Test
    void theNodeIsClosedOnceWhoeverAsksFirst() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AutoCloseable node = () -> {
            closes.incrementAndGet();
            closing.countDown();
            release.await();
        };
        ServerShutdown shutdown = new ServerShutdown(log);
        Thread main = new Thread(() -> shutdown.shutdown(node));
        main.start();
        assertTrue(closing.await(10, TimeUnit.SECONDS));
        assertTrue(shutdown.isShuttingDown());
        shutdown.shutdown(node); // returns at once, closes nothing
        Thread hook = shutdown.jvmExitHook(node);
        hook.start();
        hook.join(10_000);
        assertFalse(hook.isAlive());
        assertFalse(shutdown.awaitShutdown(0, TimeUnit.SECONDS));
        release.countDown();
        assertTrue(shutdown.awaitShutdown(10, TimeUnit.SECONDS));
        main.join(10_000);
        assertEquals(1, closes.get());
        assertEquals(List.of("WARN User requested shutdown...", "WARN Tandem is now ready to exit, bye bye..."),
                log.lines());
    }

    @Test
    void theJvmExitHookClosesTheNodeWhenTheMainThreadDidNot() throws Exception {
        ServerShutdown shutdown = new ServerShutdown(log);
        Thread hook = shutdown.jvmExitHook(closes::incrementAndGet);
        hook.start();
        hook.join(10_000);
        assertEquals(1, closes.get());
        assertEquals("WARN The JVM is exiting (a signal without a handler, or System.exit): shutting down...",
                log.lines().get(0));
        assertEquals("WARN Tandem is now ready to exit, bye bye...", log.lines().get(log.lines().size() - 1));
    }

    @Test
    void aFailingCloseIsLoggedAndStillFinishes() throws Exception {
        ServerShutdown shutdown = new ServerShutdown(log);
        shutdown.shutdown(() -> {
            throw new IllegalStateException("boom");
        });
        assertTrue(shutdown.awaitShutdown(0, TimeUnit.SECONDS));
        assertTrue(log.lines().contains("ERROR Error while shutting down: java.lang.IllegalStateException: boom"),
                log.lines().toString());
        assertEquals("WARN Tandem is now ready to exit, bye bye...", log.lines().get(log.lines().size() - 1));
    }
}
