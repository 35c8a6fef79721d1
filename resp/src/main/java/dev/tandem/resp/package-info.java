/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * RESP2/RESP3 for Tandem: an immutable frame model, streaming Netty decoders, an encoder and
 * direct reply writers, all following Redis 7.0 (networking.c, sds.c) where Redis defines the
 * behaviour.
 *
 * <h2>Frames</h2>
 * {@link dev.tandem.resp.RespFrame} is a sealed interface over one final class or record per type:
 * {@link dev.tandem.resp.RespSimpleString}, {@link dev.tandem.resp.RespError},
 * {@link dev.tandem.resp.RespInteger}, {@link dev.tandem.resp.RespBulkString},
 * {@link dev.tandem.resp.RespNull} (remembers {@code $-1}, {@code *-1} or {@code _}),
 * {@link dev.tandem.resp.RespArray}, {@link dev.tandem.resp.RespMap},
 * {@link dev.tandem.resp.RespSet}, {@link dev.tandem.resp.RespDouble},
 * {@link dev.tandem.resp.RespBoolean}, {@link dev.tandem.resp.RespBigNumber},
 * {@link dev.tandem.resp.RespVerbatimString}, {@link dev.tandem.resp.RespPush} and
 * {@link dev.tandem.resp.RespAttribute} (an attribute together with the frame it annotates).
 * Payloads are {@code byte[]} owned by the frame (copied in by the {@code of} factories, copied
 * out by the accessors), so frames need no release and are safe to share.
 *
 * <h2>Reference counting</h2>
 * The only reference-counted message is {@link dev.tandem.resp.RespBulkStringChunk}, the pieces of
 * a top-level bulk string above the frame decoder's chunk threshold (after a
 * {@link dev.tandem.resp.RespBulkStringHeader}). Whoever receives a chunk releases it (or passes it
 * on, e.g. to the {@link dev.tandem.resp.RespEncoder}, which releases it after writing).
 *
 * <h2>Decoding</h2>
 * <ul>
 *   <li>{@link dev.tandem.resp.RespFrameDecoder} / {@link dev.tandem.resp.RespFrameParser}: any
 *       RESP2/RESP3 stream (replies), aggregates nested through an explicit stack;</li>
 *   <li>{@link dev.tandem.resp.RespCommandDecoder} / {@link dev.tandem.resp.RespCommandParser}:
 *       requests as a Redis server reads them (arrays of bulk strings, or inline lines split by
 *       {@link dev.tandem.resp.RespInlineSplitter}) straight into
 *       {@link dev.tandem.resp.RespCommand}s with their exact {@code wireLength}.</li>
 * </ul>
 * Both take {@link dev.tandem.resp.RespDecoderLimits} (Redis's defaults; replaceable on a live
 * decoder), never allocate a claimed length up front, and fail once with a
 * {@link dev.tandem.resp.RespProtocolException} carrying Redis's error text, after which they
 * discard their input.
 *
 * <h2>Encoding</h2>
 * {@link dev.tandem.resp.RespWriter} writes frames, commands and the common replies into a
 * {@code ByteBuf}; its {@link dev.tandem.resp.RespVersion}-taking methods choose the form for the
 * peer's protocol as Redis's {@code addReply*} do, and {@link dev.tandem.resp.Resp2Downgrade}
 * turns a RESP3 frame into what a RESP2 client receives. {@link dev.tandem.resp.RespEncoder} is
 * the Netty encoder for every {@link dev.tandem.resp.RespMessage}.
 *
 * <h2>Where this differs from Redis, on purpose</h2>
 * <ul>
 *   <li>"Too big" line checks are independent of how input is split: a line with more than
 *       {@code maxInlineLength} bytes before its terminator fails (Redis checks only while the
 *       terminator has not arrived, so it sometimes accepts a longer line that came in one read).</li>
 *   <li>A NUL byte does not hide a line terminator (Redis's {@code strchr} stops at NUL, so such
 *       a request stalls there); inside an inline line, a NUL ends the arguments as in
 *       {@code sdssplitargs}.</li>
 *   <li>The frame decoder is strict where the request parser is Redis-lenient: lines must end in
 *       CRLF and payloads must be followed by CRLF.</li>
 * </ul>
 */
package dev.tandem.resp;
