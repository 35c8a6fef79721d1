/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.resp.RespCommand;
import dev.tandem.resp.RespCommandParser;
import dev.tandem.testkit.AllocationBudget;
import dev.tandem.testkit.FuzzInput;
import dev.tandem.testkit.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target of a replica's master link after the handshake (docs/reliability.md): arbitrary
 * bytes arrive as the master's side of the connection, through the link's real pipeline
 * (decoder, full-sync loader, stream applier) on an {@link io.netty.channel.embedded.EmbeddedChannel}.
 * Variants 0–3 start streaming after {@code +CONTINUE} and fuzz the replication stream; variants
 * 4–7 fuzz from the reply to {@code PSYNC} on ({@code +FULLRESYNC}, the payload header, the RDB,
 * the stream after it).
 *
 * <p>The contract: a master can only make the replica drop the connection, never throw out of the
 * pipeline, never make it answer anything but {@code REPLCONF}, never count more stream bytes than
 * arrived; buffers are released; memory stays proportional to what arrived.
 */
class ReplicaStreamFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void masterBytes(byte[] data) {
        AllocationBudget.bounded("the replica link", data.length, () -> masterBytesOnce(data));
    }

    private static void masterBytesOnce(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        boolean fromPsyncReply = input.variant() >= 4;
        TrackingAllocator alloc = new TrackingAllocator();
        try (ReplicaSide r = new ReplicaSide(ReplicationConfig.defaults(), !fromPsyncReply)) {
            r.channel.config().setAllocator(alloc);
            r.throughHandshake();
            if (!fromPsyncReply) {
                r.continuing();
                assertInstanceOf(LinkState.Streaming.class, r.state());
            }
            long offsetBefore = r.t.backlog.masterReplOffset();
            long fed = 0;
            int offset = 0;
            for (int length : input.chunkLengths()) {
                if (!r.channel.isOpen()) {
                    break;
                }
                ByteBuf chunk = alloc.copyOf(input.payload(), offset, length);
                offset += length;
                fed += length;
                // An exception recorded by the channel (one that reached the pipeline's end) is
                // rethrown here: nothing a master sends may get that far.
                r.channel.writeInbound(chunk);
                r.channel.runPendingTasks();
            }
            r.channel.checkException();
            if (!fromPsyncReply) {
                long applied = r.t.backlog.masterReplOffset() - offsetBefore;
                assertTrue(applied >= 0 && applied <= fed, "the stream offset moved by " + applied + " for " + fed + " bytes");
            }
            if (!r.channel.isOpen()) {
                assertFalse(r.state() instanceof LinkState.Streaming, "streaming on a closed connection");
            }
            assertOnlyReplconf(r.sent());
        }
        assertEquals(java.util.List.of(), alloc.unreleased(), "buffers left unreleased");
    }

    /** What the replica wrote to its master must be REPLCONF commands (ACKs) only. */
    private static void assertOnlyReplconf(String sent) {
        RespCommandParser parser = new RespCommandParser();
        ByteBuf out = Unpooled.copiedBuffer(sent, StandardCharsets.ISO_8859_1);
        try {
            RespCommand command;
            while ((command = parser.parse(out)) != null) {
                assertTrue(command.name().equalsIgnoreCase("REPLCONF"), "the replica answered its master: " + command);
            }
            assertFalse(out.isReadable(), "a partial command written to the master");
        } finally {
            out.release();
        }
    }
}
