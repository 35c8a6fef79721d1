/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Forward cursor over a ziplist ({@code ziplist.c}, RDB types 10, 12, 13 and quicklist v1
 * nodes), validating as it goes. Read-only: Tandem never writes ziplists.
 *
 * <p>Layout: {@code zlbytes} (uint32 LE, must equal the blob length), {@code zltail} (uint32
 * LE, offset of the last entry, or of the terminator's position when empty), {@code zllen}
 * (uint16 LE, {@value #UNKNOWN_COUNT} = unknown), entries, {@code 0xFF}. Each entry is
 * {@code <prevlen><encoding><data>}; prevlen is one byte below 254, else {@code FE} + uint32
 * LE. Encodings: {@code 00LLLLLL}, {@code 01LLLLLL LLLLLLLL} (big-endian), {@code 10xxxxxx}
 * + uint32 BE strings; {@code C0} int16, {@code D0} int32, {@code E0} int64, {@code F0} int24,
 * {@code FE} int8 (all LE), {@code F1}–{@code FD} immediate 0–12. Validation follows Redis's
 * deep check ({@code ziplistValidateIntegrity}): bounds, each prevlen equal to the previous
 * entry's size, zltail pointing at the last entry, and the count when known.
 */
public final class ZiplistCursor {
    public static final int HEADER_SIZE = 10;
    public static final int UNKNOWN_COUNT = 65535;
    private static final int BIG_PREVLEN = 0xFE;
    private static final int END = 0xFF;

    private final byte[] b;
    private final int start;
    private final int end;
    private final int declaredCount;
    private final long tail;
    private int next;
    private int previousSize;
    private int previousStart = -1;
    private int visited;
    private boolean finished;

    private int entryStart = -1;
    private boolean integer;
    private long integerValue;
    private int stringOffset;
    private int stringLength;

    public ZiplistCursor(byte[] blob) {
        this(blob, 0, blob.length);
    }

    public ZiplistCursor(byte[] blob, int offset, int length) {
        this.b = blob;
        this.start = offset;
        this.end = offset + length;
        if (length < HEADER_SIZE + 1) {
            throw new MalformedDataException("ziplist of " + length + " bytes is shorter than the minimum 11", 0);
        }
        long total = Bytes.u32le(blob, offset);
        if (total != length) {
            throw new MalformedDataException("ziplist header says " + total + " bytes but the blob has " + length, 0);
        }
        if ((blob[end - 1] & 0xFF) != END) {
            throw new MalformedDataException("ziplist does not end with 0xFF", length - 1);
        }
        this.tail = Bytes.u32le(blob, offset + 4);
        if (tail > length - 1) {
            throw new MalformedDataException("ziplist tail offset " + tail + " is outside the blob", 4);
        }
        this.declaredCount = Bytes.u16le(blob, offset + 8);
        this.next = offset + HEADER_SIZE;
    }

    /** The header's entry count, or {@value #UNKNOWN_COUNT}. */
    public int declaredCount() {
        return declaredCount;
    }

    /** Advances to the next entry; false at the terminator (after the final checks). */
    public boolean next() {
        if (finished) {
            return false;
        }
        int p = next;
        if (p >= end) {
            throw error("ziplist entries run past the end", p);
        }
        if ((b[p] & 0xFF) == END) {
            if (p != end - 1) {
                throw error("ziplist terminator before the end of the blob", p);
            }
            long expectedTail = previousStart < 0 ? HEADER_SIZE : previousStart - start;
            if (tail != expectedTail) {
                throw error("ziplist tail offset " + tail + " but the last entry is at " + expectedTail, 4);
            }
            if (declaredCount != UNKNOWN_COUNT && declaredCount != visited) {
                throw error("ziplist header count " + declaredCount + " but " + visited + " entries", p);
            }
            finished = true;
            entryStart = -1;
            return false;
        }
        int q = p;
        long prevlen;
        if ((b[q] & 0xFF) < BIG_PREVLEN) {
            prevlen = b[q] & 0xFF;
            q += 1;
        } else {
            if ((b[q] & 0xFF) == END) {
                throw error("invalid ziplist prevlen byte 0xFF", q);
            }
            need(q, 5);
            prevlen = Bytes.u32le(b, q + 1);
            q += 5;
        }
        if (prevlen != previousSize) {
            throw error("ziplist prevlen " + prevlen + " does not match the previous entry size "
                    + previousSize, p);
        }
        need(q, 1);
        int enc = b[q] & 0xFF;
        long dataLength;
        int encodingSize;
        integer = true;
        switch (enc >>> 6) {
            case 0:
                encodingSize = 1;
                dataLength = enc & 0x3F;
                integer = false;
                break;
            case 1:
                need(q, 2);
                encodingSize = 2;
                dataLength = ((enc & 0x3F) << 8) | (b[q + 1] & 0xFF);
                integer = false;
                break;
            case 2:
                need(q, 5);
                encodingSize = 5;
                dataLength = ((b[q + 1] & 0xFFL) << 24) | ((b[q + 2] & 0xFFL) << 16)
                        | ((b[q + 3] & 0xFFL) << 8) | (b[q + 4] & 0xFFL);
                integer = false;
                break;
            default:
                encodingSize = 1;
                dataLength = intSize(enc, q);
        }
        int dataAt = q + encodingSize;
        if (dataLength > end - 1 - dataAt) {
            throw error("ziplist entry data of " + dataLength + " bytes overruns the blob", p);
        }
        int len = (int) dataLength;
        if (integer) {
            integerValue = readInt(enc, dataAt);
        } else {
            stringOffset = dataAt;
            stringLength = len;
        }
        entryStart = p;
        previousStart = p;
        next = dataAt + len;
        previousSize = next - p;
        visited++;
        return true;
    }

    public boolean isInteger() {
        current();
        return integer;
    }

    public long integer() {
        current();
        if (!integer) {
            throw new IllegalStateException("current ziplist entry is a string");
        }
        return integerValue;
    }

    public byte[] stringBytes() {
        current();
        if (integer) {
            throw new IllegalStateException("current ziplist entry is an integer");
        }
        byte[] copy = new byte[stringLength];
        System.arraycopy(b, stringOffset, copy, 0, stringLength);
        return copy;
    }

    /** The current entry as a Redis string (integers as canonical decimal). */
    public byte[] bytes() {
        return isInteger() ? IntegerStrings.toBytes(integerValue) : stringBytes();
    }

    /** Position of the current entry relative to the blob start. */
    public int entryPosition() {
        current();
        return entryStart - start;
    }

    /** Decodes every entry as Redis strings. */
    public static List<byte[]> decodeAll(byte[] blob) {
        ZiplistCursor c = new ZiplistCursor(blob);
        List<byte[]> out = new ArrayList<>(Math.min(c.declaredCount(), 1024));
        while (c.next()) {
            out.add(c.bytes());
        }
        return out;
    }

    private int intSize(int enc, int at) {
        switch (enc) {
            case 0xC0:
                return 2;
            case 0xD0:
                return 4;
            case 0xE0:
                return 8;
            case 0xF0:
                return 3;
            case 0xFE:
                return 1;
            default:
                if (enc >= 0xF1 && enc <= 0xFD) {
                    return 0;
                }
                throw error("invalid ziplist entry encoding 0x" + Integer.toHexString(enc), at);
        }
    }

    private long readInt(int enc, int p) {
        switch (enc) {
            case 0xC0:
                return (short) Bytes.u16le(b, p);
            case 0xD0:
                return (int) Bytes.u32le(b, p);
            case 0xE0:
                return Bytes.i64le(b, p);
            case 0xF0:
                return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | b[p + 2] << 16;
            case 0xFE:
                return b[p];
            default:
                return (enc & 0x0F) - 1;
        }
    }

    private void need(int p, int n) {
        if (n > end - 1 - p) {
            throw error("ziplist entry header overruns the blob", p);
        }
    }

    private void current() {
        if (entryStart < 0) {
            throw new IllegalStateException("no current ziplist entry; call next() first");
        }
    }

    private MalformedDataException error(String message, int absolute) {
        return new MalformedDataException(message, absolute - start);
    }
}
