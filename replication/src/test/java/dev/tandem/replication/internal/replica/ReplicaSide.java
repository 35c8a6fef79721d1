/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.core.internal.ExpiryMode;
import dev.tandem.replication.Role;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.testing.TestContexts;
import dev.tandem.replication.spi.NodeAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A replica's link to a master played by the test through an {@link EmbeddedChannel}. The
 * constructor begins the first attempt and connects it (the link is then in the handshake);
 * {@link #notConnected} leaves the link as created.
 */
final class ReplicaSide implements AutoCloseable {

    /** What the link calls its master in events and logs. */
    static final String MASTER_NAME = "127.0.0.1:1";
    /** The reconnect delay: the tests end the links they open; no background reconnection noise. */
    static final Duration BACKOFF = Duration.ofHours(1);

    final TestContexts t;
    final MasterReplication master;
    final ReplicaLink link;
    /** The current attempt and its channel (null until one was begun). */
    MasterConnection connection;
    EmbeddedChannel channel;

    ReplicaSide(ReplicationConfig config, boolean cachedHistory) {
        this(config, cachedHistory, true);
    }

    private ReplicaSide(ReplicationConfig config, boolean cachedHistory, boolean connect) {
        t = TestContexts.create(config);
        master = new MasterReplication(t.context);
        link = new ReplicaLink(t.context, master, NodeAddress.tcp("127.0.0.1", 1), cachedHistory,
                new ReconnectBackoff(BACKOFF, BACKOFF));
        t.becomeReplica(link);
        if (connect) {
            connect();
        }
    }

    /** A link that was created and not started: no attempt yet. */
    static ReplicaSide notConnected(ReplicationConfig config, boolean cachedHistory) {
        return new ReplicaSide(config, cachedHistory, false);
    }

    /** Begins a new attempt (Backoff or Parked → Connecting) and connects its channel (→ Handshake). */
    ReplicaSide connect() {
        MasterConnection next = link.beginAttempt();
        if (next == null) {
            throw new AssertionError("the link refused a new attempt in " + link.state());
        }
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        connection = next;
        channel = new EmbeddedChannel(next.initializer());
        return this;
    }

    /** Answers PING and the REPLCONFs (no AUTH, no ip-address): the link waits for the PSYNC reply. */
    ReplicaSide throughHandshake() {
        receive("+PONG\r\n+OK\r\n+OK\r\n");
        sent();
        return this;
    }

    /** {@code +CONTINUE} of this replica's history: the link streams (needs a cached history). */
    ReplicaSide continuing() {
        receive("+CONTINUE " + t.context.history().replid() + "\r\n");
        return this;
    }

    /** The link's state. */
    LinkState state() {
        return link.state();
    }

    /** The step of the handshake the link is in (fails the test when it is not in the handshake). */
    HandshakeStep step() {
        LinkState state = link.state();
        if (state instanceof LinkState.Handshake handshake) {
            return handshake.step();
        }
        throw new AssertionError("not in the handshake: " + state);
    }

    /** The link's part of {@code INFO replication} now ({@code ROLE} reports {@code info().state()}). */
    ReplicationInfo.MasterLink info() {
        return link.infoLink();
    }

    /** Moves the node's clock forward. */
    void advanceClock(Duration by) {
        t.clockMillis.addAndGet(by.toMillis());
    }

    /** Everything the replica wrote so far, as text. */
    String sent() {
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            sb.append(TestContexts.text(b));
        }
        return sb.toString();
    }

    /** Feeds the master's bytes in one buffer. */
    void receive(String text) {
        receive(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void receive(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.runPendingTasks();
    }

    /** Feeds the master's bytes one at a time. */
    void receiveByteByByte(byte[] bytes) {
        for (byte b : bytes) {
            if (!channel.isOpen()) {
                return;
            }
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        channel.runPendingTasks();
    }

    void receiveByteByByte(String text) {
        receiveByteByByte(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String command(String... argv) {
        StringBuilder sb = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String a : argv) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        link.stop();
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        master.close();
        t.close();
    }
}
