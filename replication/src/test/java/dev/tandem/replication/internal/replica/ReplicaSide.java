package dev.tandem.replication.internal.replica;

import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.core.internal.ExpiryMode;
import dev.tandem.replication.Role;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.testing.TestContexts;
import dev.tandem.replication.spi.NodeAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A replica's link to a master played by the test through an {@link EmbeddedChannel}. */
final class ReplicaSide implements AutoCloseable {

    final TestContexts t;
    final MasterReplication master;
    final ReplicaLink link;
    final MasterConnection connection;
    final EmbeddedChannel channel;

    ReplicaSide(ReplicationConfig config, boolean cachedHistory) {
        t = TestContexts.create(config);
        master = new MasterReplication(t.context);
        t.context.role(Role.REPLICA);
        t.keyspace.propagationSink(new ReplicaPropagationSink(t.backlog));
        t.keyspace.expiryMode(ExpiryMode.REPLICA);
        // A long backoff: the test ends the links it opens; no background reconnection noise.
        link = new ReplicaLink(t.context, master, NodeAddress.tcp("127.0.0.1", 1), cachedHistory,
                new ReconnectBackoff(Duration.ofHours(1), Duration.ofHours(1)));
        connection = link.beginAttempt();
        channel = new EmbeddedChannel(connection.initializer());
    }

    /** The step of the handshake the link is in (fails the test when it is not in the handshake). */
    HandshakeStep step() {
        LinkState state = link.state();
        if (state instanceof LinkState.Handshake handshake) {
            return handshake.step();
        }
        throw new AssertionError("not in the handshake: " + state);
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
        channel.finishAndReleaseAll();
        master.close();
        t.close();
    }
}
