/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/**
 * A malformed, truncated, unsupported or rejected RDB stream.
 *
 * <p>Carries the {@link RdbErrorKind} and the byte offset in the stream (counted from the
 * {@code R} of {@code REDIS}) where the problem was found; the message ends with
 * {@code "at offset N"}. Unchecked because it travels through visitor callbacks and Netty
 * handlers; callers that feed untrusted bytes should catch it.
 */
public class RdbFormatException extends RuntimeException {
    /** Offset value for errors raised outside the reader (e.g. by a visitor) before it fills it in. */
    public static final long UNKNOWN_OFFSET = -1;

    private final RdbErrorKind kind;
    private final long byteOffset;
    private final String detail;

    public RdbFormatException(RdbErrorKind kind, String detail, long byteOffset) {
        this(kind, detail, byteOffset, null);
    }

    public RdbFormatException(RdbErrorKind kind, String detail, long byteOffset, Throwable cause) {
        super(byteOffset >= 0 ? detail + " at offset " + byteOffset : detail, cause);
        this.kind = kind;
        this.detail = detail;
        this.byteOffset = byteOffset;
    }

    public RdbErrorKind kind() {
        return kind;
    }

    /** Offset of the offending byte in the stream, or {@link #UNKNOWN_OFFSET}. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The message without the offset suffix. */
    public String detail() {
        return detail;
    }

    /** A copy of this error placed at {@code offset}, for errors raised without one. */
    public RdbFormatException at(long offset) {
        return new RdbFormatException(kind, detail, offset, this);
    }
}
