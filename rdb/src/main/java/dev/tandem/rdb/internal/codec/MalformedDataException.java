/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

/**
 * Thrown by the codecs in this package when an encoded blob (LZF stream, listpack, ziplist,
 * intset, zipmap, length) is malformed.
 *
 * <p>The codecs know nothing about the file the blob came from, so they report the position
 * <em>inside the blob</em>; the RDB reader translates it into a file offset and an
 * {@link dev.tandem.rdb.RdbFormatException}.
 */
public final class MalformedDataException extends RuntimeException {
    private final long position;

    public MalformedDataException(String message, long position) {
        super(message + " (at blob byte " + position + ")");
        this.position = position;
    }

    /** Position of the offending byte, relative to the start of the blob being decoded. */
    public long position() {
        return position;
    }
}
