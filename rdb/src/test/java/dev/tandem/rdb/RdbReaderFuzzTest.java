/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tandem.testkit.AllocationBudget;
import dev.tandem.testkit.FuzzInput;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target of the streaming RDB reader (docs/reliability.md): arbitrary bytes, fed whole and
 * in the reads the control byte chooses ({@link FuzzInput}). The contract: the only exception is
 * {@link RdbFormatException} (with a kind and an offset inside the input), the events do not
 * depend on how the input was split (the same events and the same error), a key's events are
 * bracketed by begin and end, and memory stays proportional to the input whatever lengths and
 * counts it claims.
 *
 * <p>The corpus ({@code src/test/resources/dev/tandem/rdb/RdbReaderFuzzTestInputs/read/}) holds
 * the small sample files of {@code rdb-samples/} behind a control byte, and truncated and
 * corrupted variants of them.
 */
class RdbReaderFuzzTest {

    private static RdbReaderConfig config(int variant) {
        RdbReaderConfig defaults = RdbReaderConfig.defaults();
        return switch (variant) {
            case 1 -> defaults.withVerifyChecksum(false);
            case 2 -> defaults.withMaxStringLength(64).withVerifyChecksum(false);
            case 3 -> defaults.withBatchLimits(2, 16).withVerifyChecksum(false);
            case 4 -> defaults.withModulePolicy(RdbReaderConfig.ModulePolicy.REJECT).withVerifyChecksum(false);
            default -> defaults;
        };
    }

    @FuzzTest(maxDuration = "2m")
    void read(byte[] data) {
        AllocationBudget.bounded("RdbReader", data.length, () -> readOnce(data));
    }

    private static void readOnce(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        byte[] rdb = input.payload();
        RdbReaderConfig config = config(input.variant());

        Outcome whole = new Outcome();
        whole.run(config, reader -> reader.feed(rdb, 0, rdb.length));

        Outcome split = new Outcome();
        boolean asByteBuf = (input.variant() & 1) == 1;
        split.run(config, reader -> {
            int offset = 0;
            for (int length : input.chunkLengths()) {
                if (asByteBuf) {
                    ByteBuf buf = Unpooled.wrappedBuffer(rdb, offset, length);
                    reader.feed(buf);
                    offset += length - buf.readableBytes();
                    if (buf.isReadable()) {
                        return; // the RDB ended inside this read: the rest is not the reader's
                    }
                } else {
                    int used = reader.feed(rdb, offset, length);
                    offset += used;
                    if (used < length) {
                        return;
                    }
                }
            }
        });
        assertEquals(whole.events, split.events, "events depend on how the input was split");
        assertEquals(whole.error, split.error, "the error depends on how the input was split");
        if (whole.error == null) {
            assertTrue(whole.offset <= rdb.length, "the reader claims more bytes than it got");
        }
    }

    /** One read of the input: its events (keys bracketed), and the error it ended with. */
    private static final class Outcome {
        final List<String> events = new ArrayList<>();
        String error;
        long offset;

        void run(RdbReaderConfig config, java.util.function.Consumer<RdbReader> feeder) {
            EventRecorder recorder = new EventRecorder();
            KeyBrackets brackets = new KeyBrackets(recorder);
            RdbReader reader = new RdbReader(brackets, config);
            try {
                feeder.accept(reader);
                reader.end();
                assertTrue(reader.isDone());
                brackets.assertClosed();
                offset = reader.offset();
            } catch (RdbFormatException e) {
                assertNotNull(e.kind());
                assertNotNull(e.getMessage());
                // The error names where it was found; where is not compared between splits,
                // only what (a truncated input can be noticed at different depths).
                error = e.kind() + (e.kind() == RdbErrorKind.TRUNCATED ? "" : ": " + e.detail());
            }
            events.addAll(recorder.events);
        }
    }

    /** Checks that every key's events sit between its begin and its end. */
    private static final class KeyBrackets extends ForwardingRdbVisitor {
        private RdbKey open;

        KeyBrackets(RdbVisitor delegate) {
            super(delegate);
        }

        @Override
        public void onKeyBegin(RdbKey key) {
            assertEquals(null, open, "a key began inside another");
            open = key;
            super.onKeyBegin(key);
        }

        @Override
        public void onKeyEnd(RdbKey key) {
            assertEquals(open, key, "a key ended that had not begun");
            open = null;
            super.onKeyEnd(key);
        }

        void assertClosed() {
            assertEquals(null, open, "the file ended inside a key");
        }
    }
}
