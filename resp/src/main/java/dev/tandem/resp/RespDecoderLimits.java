/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/**
 * The input limits of the RESP decoders, with Redis 7.0's defaults (networking.c,
 * {@code processMultibulkBuffer} / {@code processInlineBuffer}). Immutable; a live decoder takes
 * a new value through {@code limits(RespDecoderLimits)}, which applies from the next length or
 * line it parses, so a server can tighten limits before {@code AUTH} and relax them after.
 *
 * @param maxBulkLength       largest accepted bulk string length ({@code proto-max-bulk-len},
 *                            512 MB); larger is {@code Protocol error: invalid bulk length}.
 *                            Redis does not apply it to its master link:
 *                            {@link #forMasterLink()} lifts it
 * @param maxMultibulkLength  largest accepted array (aggregate) count; Redis accepts up to
 *                            {@code INT_MAX}; larger is {@code Protocol error: invalid multibulk length}
 * @param maxInlineLength     longest inline request line and longest count line
 *                            ({@code PROTO_INLINE_MAX_SIZE}, 64 KB): {@code too big inline request},
 *                            {@code too big mbulk count string}, {@code too big bulk count string}
 * @param maxNestingDepth     deepest aggregate nesting the frame decoder accepts (commands never
 *                            nest)
 * @param unauthenticated     whether Redis's caps for a connection that still has to
 *                            authenticate apply: at most {@value #UNAUTHENTICATED_MAX_MULTIBULK_LENGTH}
 *                            arguments ({@code unauthenticated multibulk length}) and
 *                            {@value #UNAUTHENTICATED_MAX_BULK_LENGTH} bytes per bulk
 *                            ({@code unauthenticated bulk length})
 * @param inlineCommandsAllowed whether the command decoder accepts non-empty inline commands. A
 *                            replica's link to its master refuses them, as Redis does
 *                            ({@code Master using the inline protocol. Desync?}); empty lines
 *                            (keepalives) are always accepted
 */
public record RespDecoderLimits(
        long maxBulkLength,
        int maxMultibulkLength,
        int maxInlineLength,
        int maxNestingDepth,
        boolean unauthenticated,
        boolean inlineCommandsAllowed) {

    /** Redis's {@code proto-max-bulk-len} default: 512 MB. */
    public static final long REDIS_PROTO_MAX_BULK_LEN = 512L * 1024 * 1024;
    /** Redis's {@code PROTO_INLINE_MAX_SIZE}: 64 KB. */
    public static final int REDIS_PROTO_INLINE_MAX_SIZE = 64 * 1024;
    /** Redis's multibulk count bound: {@code INT_MAX}. */
    public static final int REDIS_MAX_MULTIBULK_LENGTH = Integer.MAX_VALUE;
    /** Most arguments Redis accepts before authentication. */
    public static final int UNAUTHENTICATED_MAX_MULTIBULK_LENGTH = 10;
    /** Longest bulk Redis accepts before authentication. */
    public static final int UNAUTHENTICATED_MAX_BULK_LENGTH = 16384;
    /** Default nesting bound of the frame decoder (Redis replies nest a handful of levels). */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 128;

    private static final RespDecoderLimits DEFAULTS = new RespDecoderLimits(
            REDIS_PROTO_MAX_BULK_LEN, REDIS_MAX_MULTIBULK_LENGTH, REDIS_PROTO_INLINE_MAX_SIZE,
            DEFAULT_MAX_NESTING_DEPTH, false, true);

    public RespDecoderLimits {
        if (maxBulkLength < 0) {
            throw new IllegalArgumentException("maxBulkLength must be >= 0: " + maxBulkLength);
        }
        if (maxMultibulkLength < 0) {
            throw new IllegalArgumentException("maxMultibulkLength must be >= 0: " + maxMultibulkLength);
        }
        if (maxInlineLength < 1) {
            throw new IllegalArgumentException("maxInlineLength must be >= 1: " + maxInlineLength);
        }
        if (maxNestingDepth < 1) {
            throw new IllegalArgumentException("maxNestingDepth must be >= 1: " + maxNestingDepth);
        }
    }

    /** Redis's defaults for an authenticated (or password-less) client connection. */
    public static RespDecoderLimits defaults() {
        return DEFAULTS;
    }

    /** Redis's defaults for a connection that has not authenticated yet. */
    public static RespDecoderLimits unauthenticatedDefaults() {
        return DEFAULTS.withUnauthenticated(true);
    }

    /**
     * Limits for a replica reading its master's stream: like Redis's {@code CLIENT_MASTER} flag,
     * no bulk length bound, and non-empty inline commands are a desync error.
     */
    public static RespDecoderLimits forMasterLink() {
        return DEFAULTS.withMaxBulkLength(Long.MAX_VALUE).withInlineCommandsAllowed(false);
    }

    public RespDecoderLimits withMaxBulkLength(long value) {
        return new RespDecoderLimits(value, maxMultibulkLength, maxInlineLength, maxNestingDepth, unauthenticated, inlineCommandsAllowed);
    }

    public RespDecoderLimits withMaxMultibulkLength(int value) {
        return new RespDecoderLimits(maxBulkLength, value, maxInlineLength, maxNestingDepth, unauthenticated, inlineCommandsAllowed);
    }

    public RespDecoderLimits withMaxInlineLength(int value) {
        return new RespDecoderLimits(maxBulkLength, maxMultibulkLength, value, maxNestingDepth, unauthenticated, inlineCommandsAllowed);
    }

    public RespDecoderLimits withMaxNestingDepth(int value) {
        return new RespDecoderLimits(maxBulkLength, maxMultibulkLength, maxInlineLength, value, unauthenticated, inlineCommandsAllowed);
    }

    public RespDecoderLimits withUnauthenticated(boolean value) {
        return new RespDecoderLimits(maxBulkLength, maxMultibulkLength, maxInlineLength, maxNestingDepth, value, inlineCommandsAllowed);
    }

    public RespDecoderLimits withInlineCommandsAllowed(boolean value) {
        return new RespDecoderLimits(maxBulkLength, maxMultibulkLength, maxInlineLength, maxNestingDepth, unauthenticated, value);
    }
}
