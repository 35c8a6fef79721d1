/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.testing.TestContexts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender wake-up's promise (brief §2): however many appends call {@link SenderWakeup#wake()},
 * each event loop that has senders gets at most one wake-up task per batch — the next one only
 * after that task started — and the task pumps every sender of its loop.
 */
class SenderWakeupTest {

    /** An event loop that counts the tasks handed to it. */
    private static final class CountingLoop extends DefaultEventLoop {
        final AtomicInteger tasks = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            super.execute(task);
        }
    }

    private TestContexts t;
    private MasterReplication master;
    private final SenderWakeup wakeup = new SenderWakeup();
    private final List<CountingLoop> loops = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();

    @BeforeEach
    void setUp() {
        t = TestContexts.create(ReplicationConfig.builder().replDisklessSyncDelaySeconds(3600).build());
        master = new MasterReplication(t.context);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Channel ch : channels) {
            ch.close().await(5, TimeUnit.SECONDS);
        }
        for (CountingLoop loop : loops) {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
        master.close();
        t.close();
    }

    private CountingLoop loop() {
        CountingLoop loop = new CountingLoop();
        loops.add(loop);
        return loop;
    }

    /** A session whose channel lives on {@code loop}; only its loop matters to the wake-up. */
    private ReplicaSession sessionOn(CountingLoop loop) {
        LocalChannel ch = new LocalChannel();
        loop.register(ch).syncUninterruptibly();
        channels.add(ch);
        return new ReplicaSession(master, ch, PsyncRequest.fullResync(), ReplicaCapabilities.NONE);
    }

    /** Holds {@code loop}'s thread until the returned latch is counted down. */
    private static CountDownLatch block(CountingLoop loop) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        loop.execute(() -> {
            entered.countDown();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        return gate;
    }

    /** Waits until every task queued on {@code loop} so far has run. */
    private static void drain(CountingLoop loop) throws Exception {
        loop.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void manyWakeUpsInOneBatchQueueOneTaskPerLoop() throws Exception {
        CountingLoop loop = loop();
        wakeup.register(sessionOn(loop));
        wakeup.register(sessionOn(loop));
        CountDownLatch gate = block(loop);
        loop.tasks.set(0);

        for (int i = 0; i < 1_000; i++) {
            wakeup.wake();
        }
        assertEquals(1, loop.tasks.get(), "one task for the batch, shared by both senders of the loop");

        gate.countDown();
        drain(loop);
        // Hold the loop again: a running loop would start each task at once and let the next
        // wake() queue another, which is the promise working, not a second task per batch.
        gate = block(loop);
        loop.tasks.set(0);
        for (int i = 0; i < 1_000; i++) {
            wakeup.wake();
        }
        assertEquals(1, loop.tasks.get(), "after the task ran, the next batch gets exactly one more");
        gate.countDown();
    }

    @Test
    void eachLoopWithSendersGetsItsOwnTaskAndLoopsWithoutSendersNone() throws Exception {
        CountingLoop a = loop();
        CountingLoop b = loop();
        ReplicaSession onB = sessionOn(b);
        wakeup.register(sessionOn(a));
        wakeup.register(onB);
        wakeup.unregister(onB);
        CountDownLatch gateA = block(a);
        CountDownLatch gateB = block(b);
        a.tasks.set(0);
        b.tasks.set(0);

        for (int i = 0; i < 100; i++) {
            wakeup.wake();
        }
        assertEquals(1, a.tasks.get());
        assertEquals(0, b.tasks.get(), "b's only sender left");
        gateA.countDown();
        gateB.countDown();
    }

    @Test
    void anAppendWakesEveryStreamingReplicaWhichThenGetsTheNewBytes() {
        try (var masterSide = new Streaming()) {
            EmbeddedChannel first = masterSide.replica();
            EmbeddedChannel second = masterSide.replica();
            masterSide.write("SET", "k", "v");
            String expected = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n";
            assertEquals(expected, masterSide.sent(first));
            assertEquals(expected, masterSide.sent(second));
        }
    }

    /** Online sessions on embedded channels, woken by the master's own wake-up on each append. */
    private final class Streaming implements AutoCloseable {
        private final ClientState client = ClientState.client();
        private final List<EmbeddedChannel> replicas = new ArrayList<>();

        Streaming() {
            t.keyspace.propagationSink(new MasterPropagationSink(t.context));
        }

        EmbeddedChannel replica() {
            EmbeddedChannel ch = new EmbeddedChannel();
            ReplicaSession session = new ReplicaSession(master, ch, PsyncRequest.fullResync(), ReplicaCapabilities.NONE);
            ch.pipeline().addLast(session);
            session.attachCursor(t.backlog.openCursor(t.backlog.masterReplOffset() + 1).orElseThrow());
            session.bulkTransferred(false);
            replicas.add(ch);
            return ch;
        }

        void write(String... argv) {
            t.keyspace.execute(client, argv);
        }

        String sent(EmbeddedChannel ch) {
            ch.runPendingTasks();
            StringBuilder sb = new StringBuilder();
            ByteBuf b;
            while ((b = ch.readOutbound()) != null) {
                sb.append(TestContexts.text(b));
            }
            return sb.toString();
        }

        @Override
        public void close() {
            replicas.forEach(EmbeddedChannel::finishAndReleaseAll);
        }
    }
}
