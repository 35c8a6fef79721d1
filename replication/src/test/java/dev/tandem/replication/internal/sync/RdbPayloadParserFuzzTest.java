/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tandem.testkit.AllocationBudget;
import dev.tandem.testkit.FuzzInput;
import dev.tandem.testkit.TrackingAllocator;
import io.netty.buffer.ByteBuf;

/**
 * Fuzz target of the full-sync payload framing (docs/reliability.md): keepalives, the
 * {@code $<len>} and {@code $EOF:<mark>} headers, the payload and the mark, in arbitrary reads.
 * The contract: the only exception is {@link RdbTransferException}, after which the sink has
 * been told of the failure once; the sink is told of the start once, and of completion at most
 * once, with exactly the announced bytes (length form); the payload delivered plus the header
 * and mark never exceed what arrived; what follows a complete payload stays readable; every
 * chunk handed to the sink and every input buffer is released; memory stays proportional to
 * the input whatever length is announced.
 */
class RdbPayloadParserFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void feed(byte[] data) {
        AllocationBudget.bounded("RdbPayloadParser", data.length, () -> feedOnce(data));
    }

    private static void feedOnce(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        TrackingAllocator alloc = new TrackingAllocator();
        CheckingSink sink = new CheckingSink();
        RdbPayloadParser parser = new RdbPayloadParser(sink);
        long fed = 0;
        long leftAfterPayload = 0;
        int offset = 0;
        boolean failed = false;
        for (int length : input.chunkLengths()) {
            ByteBuf in = alloc.copyOf(input.payload(), offset, length);
            offset += length;
            fed += length;
            try {
                boolean complete = parser.feed(in);
                assertEquals(complete, parser.isComplete());
                if (complete) {
                    // The bytes after the payload (the replication stream) are not the parser's.
                    leftAfterPayload = in.readableBytes();
                    break;
                }
                assertFalse(in.isReadable(), "an incomplete payload leaves input unread");
            } catch (RdbTransferException e) {
                assertNotNull(e.getMessage());
                failed = true;
                break;
            } finally {
                in.release();
            }
        }
        if (!failed && !parser.isComplete()) {
            parser.abort(new java.io.IOException("connection lost"));
        }
        assertEquals(parser.isComplete() ? 0 : 1, sink.failures, "failures reported");
        assertEquals(parser.isComplete() ? 1 : 0, sink.completions, "completions reported");
        assertTrue(sink.starts <= 1, "started twice");
        assertEquals(sink.delivered, parser.payloadBytes(), "payload bytes counted");
        assertTrue(parser.bytesConsumed() <= fed - leftAfterPayload, "consumed more than arrived");
        assertTrue(sink.delivered <= parser.bytesConsumed(), "delivered more than consumed");
        if (parser.isComplete() && !sink.eofMarked) {
            assertEquals(sink.announced, sink.delivered, "the $<len> payload is exactly as long as announced");
        }
        assertEquals(java.util.List.of(), alloc.unreleased(), "buffers left unreleased");
    }

    private static final class CheckingSink implements RdbPayloadSink {
        int starts;
        int completions;
        int failures;
        boolean eofMarked;
        long announced = -1;
        long delivered;

        @Override
        public void onStart(boolean eofMarked, long lengthOrMinus1) {
            starts++;
            this.eofMarked = eofMarked;
            this.announced = lengthOrMinus1;
            assertTrue(eofMarked ? lengthOrMinus1 == -1 : lengthOrMinus1 >= 0);
        }

        @Override
        public void onChunk(ByteBuf chunk) {
            try {
                assertEquals(1, starts, "a chunk before the start");
                assertEquals(0, completions + failures, "a chunk after the end");
                delivered += chunk.readableBytes();
            } finally {
                chunk.release();
            }
        }

        @Override
        public void onComplete() {
            assertEquals(1, starts);
            completions++;
        }

        @Override
        public void onFailure(Throwable cause) {
            assertNotNull(cause);
            failures++;
        }
    }
}
