/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tandem.testkit.AllocationBudget;
import dev.tandem.testkit.FuzzInput;
import dev.tandem.testkit.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Fuzz targets of the RESP decoders and the inline splitter (docs/reliability.md). Each input is
 * a control byte (split into reads, limits) and the bytes a peer sends ({@link FuzzInput}). The
 * contract checked: the only exception is {@link RespProtocolException}, raised once, after which
 * the decoder discards its input; what is decoded never claims more bytes than arrived; every
 * buffer is released; memory stays proportional to the input, whatever lengths it claims.
 *
 * <p>In a plain {@code mvn test} each target replays its corpus
 * ({@code src/test/resources/dev/tandem/resp/RespFuzzTestInputs/<target>/}); with
 * {@code JAZZER_FUZZ=1} the one target named by {@code -Dtest} is fuzzed.
 */
class RespFuzzTest {

    /** Limits small enough that the fuzzer reaches every limit check with short inputs. */
    private static final RespDecoderLimits TIGHT = new RespDecoderLimits(64, 8, 64, 4, false, true);

    private static RespDecoderLimits limits(int variant) {
        return switch (variant) {
            case 1 -> RespDecoderLimits.unauthenticatedDefaults();
            case 2 -> RespDecoderLimits.forMasterLink();
            case 3 -> TIGHT;
            case 4 -> TIGHT.withInlineCommandsAllowed(false);
            case 5 -> TIGHT.withUnauthenticated(true);
            default -> RespDecoderLimits.defaults();
        };
    }

    @FuzzTest(maxDuration = "2m")
    void commandParser(byte[] data) {
        AllocationBudget.bounded("RespCommandParser", data.length, () -> commandParserOnce(data));
    }

    private static void commandParserOnce(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        RespCommandParser parser = new RespCommandParser(limits(input.variant()));
        ByteBuf in = Unpooled.buffer();
        try {
            long fed = 0;
            long decodedWire = 0;
            int offset = 0;
            boolean failed = false;
            for (int length : input.chunkLengths()) {
                in.writeBytes(input.payload(), offset, length);
                offset += length;
                fed += length;
                try {
                    RespCommand command;
                    while ((command = parser.parse(in)) != null) {
                        assertFalse(failed, "a command after a protocol error");
                        checkCommand(command);
                        decodedWire += command.wireLength();
                        assertTrue(decodedWire <= fed, "commands claim " + decodedWire + " bytes of " + fed + " received");
                    }
                } catch (RespProtocolException e) {
                    assertFalse(failed, "a second protocol error after the first");
                    failed = true;
                    checkError(e);
                    assertTrue(parser.isFailed());
                }
                if (failed) {
                    assertFalse(in.isReadable(), "a failed parser discards its input");
                }
                in.discardReadBytes();
            }
        } finally {
            in.release();
        }
    }

    @FuzzTest(maxDuration = "2m")
    void commandDecoder(byte[] data) {
        AllocationBudget.bounded("RespCommandDecoder", data.length, () -> commandDecoderOnce(data));
    }

    private static void commandDecoderOnce(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        RespCommandDecoder decoder = new RespCommandDecoder(limits(input.variant()));
        feedChannel(input, decoder, message -> {
            RespCommand command = (RespCommand) message;
            checkCommand(command);
        }, decoder::isFailed);
    }

    @FuzzTest(maxDuration = "2m")
    void frameParser(byte[] data) {
        AllocationBudget.bounded("RespFrameParser", data.length, () -> frameParserOnce(data));
    }

    private static void frameParserOnce(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        int variant = input.variant();
        RespFrameParser parser = new RespFrameParser(limits(variant), chunkThreshold(variant));
        parser.skipBlankLinesBetweenFrames((variant & 1) == 1);
        StreamedBulkCheck bulks = new StreamedBulkCheck();
        ByteBuf in = Unpooled.buffer();
        try {
            int offset = 0;
            boolean failed = false;
            for (int length : input.chunkLengths()) {
                in.writeBytes(input.payload(), offset, length);
                offset += length;
                try {
                    RespMessage message;
                    while ((message = parser.parse(in)) != null) {
                        assertFalse(failed, "a frame after a protocol error");
                        try {
                            bulks.accept(message);
                        } finally {
                            ReferenceCountUtil.release(message);
                        }
                    }
                } catch (RespProtocolException e) {
                    assertFalse(failed, "a second protocol error after the first");
                    failed = true;
                    checkError(e);
                    assertTrue(parser.isFailed());
                }
                if (failed) {
                    assertFalse(in.isReadable(), "a failed parser discards its input");
                }
                in.discardReadBytes();
            }
        } finally {
            in.release();
        }
    }

    @FuzzTest(maxDuration = "2m")
    void frameDecoder(byte[] data) {
        AllocationBudget.bounded("RespFrameDecoder", data.length, () -> frameDecoderOnce(data));
    }

    private static void frameDecoderOnce(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        int variant = input.variant();
        RespFrameDecoder decoder = new RespFrameDecoder(limits(variant), chunkThreshold(variant))
                .skipBlankLinesBetweenFrames((variant & 1) == 1);
        feedChannel(input, decoder, new StreamedBulkCheck()::accept, decoder::isFailed);
    }

    @FuzzTest(maxDuration = "2m")
    void inlineSplitter(byte[] data) {
        AllocationBudget.bounded("RespInlineSplitter", data.length, () -> inlineSplitterOnce(data));
    }

    private static void inlineSplitterOnce(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        byte[] line = input.payload();
        checkSplit(line, RespInlineSplitter.split(line), line.length);
        // A sub-range, as the parser passes one line of its buffer.
        int from = Math.min(line.length, input.variant());
        int to = Math.max(from, line.length - input.variant());
        checkSplit(line, RespInlineSplitter.split(line, from, to), to - from);
    }

    // ------------------------------------------------------------------ shared checks

    private static int chunkThreshold(int variant) {
        // A tiny threshold streams bulks as header + chunks; the default keeps them whole.
        return variant >= 4 ? 8 : RespFrameParser.DEFAULT_CHUNK_THRESHOLD;
    }

    private static void checkSplit(byte[] line, byte[][] args, int rangeLength) {
        if (args == null) {
            return; // unbalanced quotes: the documented answer
        }
        long total = 0;
        for (byte[] arg : args) {
            assertNotNull(arg);
            total += arg.length;
        }
        assertTrue(total <= rangeLength, "arguments longer than their line");
    }

    private static void checkCommand(RespCommand command) {
        assertNotNull(command.argv());
        assertTrue(command.argc() >= 0);
        assertTrue(command.wireLength() > 0, "a command of no bytes");
        long argBytes = 0;
        for (byte[] arg : command.argv()) {
            assertNotNull(arg);
            argBytes += arg.length;
        }
        assertTrue(argBytes <= command.wireLength(), "arguments longer than the command's bytes");
    }

    private static void checkError(RespProtocolException e) {
        assertNotNull(e.getMessage());
        // What the server sends after its "-": one line, so a reply can never break the stream.
        String reply = new String(e.errorReplyBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(reply.startsWith("ERR ") && reply.indexOf('\r') < 0 && reply.indexOf('\n') < 0,
                "error reply is one line: " + reply);
    }

    /**
     * Feeds the input to {@code decoder} on an {@link EmbeddedChannel} whose buffers come from a
     * {@link TrackingAllocator}, hands each decoded message to {@code check} (then releases it),
     * and asserts that the error comes at most once and that nothing is left unreleased.
     */
    private static void feedChannel(FuzzInput input, io.netty.channel.ChannelHandler decoder,
                                    java.util.function.Consumer<Object> check,
                                    java.util.function.BooleanSupplier isFailed) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(decoder);
        boolean failed = false;
        try {
            int offset = 0;
            for (int length : input.chunkLengths()) {
                ByteBuf chunk = alloc.copyOf(input.payload(), offset, length);
                offset += length;
                try {
                    channel.writeInbound(chunk);
                } catch (RespProtocolException e) {
                    assertFalse(failed, "a second protocol error after the first");
                    failed = true;
                    checkError(e);
                    assertTrue(isFailed.getAsBoolean());
                }
                Object message;
                while ((message = channel.readInbound()) != null) {
                    try {
                        check.accept(message);
                    } finally {
                        ReferenceCountUtil.release(message);
                    }
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        assertEquals(java.util.List.of(), alloc.unreleased(), "buffers left unreleased");
    }

    /** Checks that a streamed bulk's chunks add up to the length its header announced. */
    private static final class StreamedBulkCheck {
        private long expected = -1;
        private long received;

        void accept(Object message) {
            if (message instanceof RespBulkStringHeader header) {
                assertEquals(-1, expected, "a bulk header inside a streamed bulk");
                expected = header.length();
                received = 0;
            } else if (message instanceof RespBulkStringChunk chunk) {
                assertTrue(expected >= 0, "a chunk without a header");
                received += chunk.content().readableBytes();
                assertTrue(received <= expected, "chunks longer than the header said");
                if (chunk.isLast()) {
                    assertEquals(expected, received, "the last chunk ends the bulk early");
                    expected = -1;
                }
            } else {
                assertEquals(-1, expected, "a frame inside a streamed bulk");
                assertNotNull(message);
            }
        }
    }
}
