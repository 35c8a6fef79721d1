/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.resp.RespCommand;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by the consistency simulation: a replica's old link must not change the data
 * set once {@link ReplicaLink#stop()} returned (REPLICAOF another master, promotion), although
 * its channel closes asynchronously and may still be reading the old master's bytes; and a
 * {@code +CONTINUE} must continue exactly after the offset that the PSYNC asked for.
 */
class StoppedLinkTest {

    private static ReplicaSide streaming() {
        ReplicaSide r = new ReplicaSide(ReplicationConfig.defaults(), true);
        r.t.backlog.reset(100);
        r.receive("+PONG\r\n+OK\r\n+OK\r\n");
        r.sent();
        r.receive("+CONTINUE " + r.t.context.history().replid() + "\r\n");
        assertInstanceOf(LinkState.Streaming.class, r.link.state());
        return r;
    }

    private static RespCommand decoded(String... argv) {
        byte[][] args = new byte[argv.length][];
        long wire = 1 + Integer.toString(argv.length).length() + 2;
        for (int i = 0; i < argv.length; i++) {
            args[i] = argv[i].getBytes(StandardCharsets.UTF_8);
            wire += 1 + Integer.toString(args[i].length).length() + 2 + args[i].length + 2;
        }
        return new RespCommand(args, wire, false);
    }

    @Test
    void streamBytesStillInFlightAfterStopAreNotApplied() {
        try (ReplicaSide r = streaming()) {
            r.receive(ReplicaSide.command("SET", "early", "1"));
            long offset = r.t.backlog.masterReplOffset();
            StreamApplier applier = (StreamApplier) r.channel.pipeline().get(MasterConnection.STREAM_APPLIER);
            ChannelHandlerContext ctx = r.channel.pipeline().context(MasterConnection.STREAM_APPLIER);

            r.link.stop();
            // What the channel's event loop may still deliver from a read that was under way.
            applier.channelRead(ctx, decoded("SET", "late", "2"));

            assertEquals(offset, r.t.backlog.masterReplOffset());
            assertEquals(Reply.NULL, r.t.keyspace.execute(ClientState.client(), "GET", "late").reply());
            assertNotEquals(Reply.NULL, r.t.keyspace.execute(ClientState.client(), "GET", "early").reply());
        }
    }

    @Test
    void aContinueForAnOffsetTheDataSetNoLongerHasIsRefused() {
        try (ReplicaSide r = new ReplicaSide(ReplicationConfig.defaults(), true)) {
            r.t.backlog.reset(100);
            r.receive("+PONG\r\n+OK\r\n+OK\r\n");
            String sent = r.sent();
            assertTrue(sent.endsWith(ReplicaSide.command("PSYNC", r.t.context.history().replid().toString(), "101")),
                    sent);
            // The data set moves on before the reply (it used to be an old link still applying).
            r.t.backlog.append("*1\r\n$4\r\nping\r\n".getBytes(StandardCharsets.US_ASCII));

            r.receive("+CONTINUE " + r.t.context.history().replid() + "\r\n");

            assertFalse(r.link.isUp());
            assertFalse(r.channel.isOpen());
        }
    }
}
