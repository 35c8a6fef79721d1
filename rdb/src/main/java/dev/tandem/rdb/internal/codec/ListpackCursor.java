/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Forward cursor over a listpack ({@code listpack.c}), validating as it goes.
 *
 * <p>Layout: {@code total_bytes} (uint32 LE, must equal the blob length), {@code num_elements}
 * (uint16 LE, {@value #UNKNOWN_COUNT} = unknown), entries, then {@code 0xFF}. Each entry is
 * {@code <encoding+data><backlen>}, where backlen is the entry size in 1–5 bytes read right to
 * left. Validation matches Redis's deep check ({@code lpValidateIntegrity} +
 * {@code lpValidateNext}): the header, the terminator, every entry's encoding and bounds, the
 * exact backlen bytes, and — when the header count is known — the entry count. The cursor
 * never reads outside the blob; any violation is a {@link MalformedDataException} naming the
 * position inside the blob.
 *
 * <p>Usage: {@code while (c.next()) { c.isInteger() ? c.integer() : c.stringBytes() }}.
 * Integers are exposed as {@code long}; {@link #bytes()} turns them into canonical decimal
 * text, which is how Redis exposes them as strings.
 */
public final class ListpackCursor {
    public static final int HEADER_SIZE = 6;
    public static final int UNKNOWN_COUNT = 65535;
    public static final int EOF_BYTE = 0xFF;

    private final byte[] b;
    private final int start;
    private final int end;
    private final int declaredCount;
    private int next;
    private int visited;
    private boolean finished;

    private int entryStart = -1;
    private boolean integer;
    private long integerValue;
    private int stringOffset;
    private int stringLength;

    public ListpackCursor(byte[] blob) {
        this(blob, 0, blob.length);
    }

    public ListpackCursor(byte[] blob, int offset, int length) {
        this.b = blob;
        this.start = offset;
        this.end = offset + length;
        if (length < HEADER_SIZE + 1) {
            throw new MalformedDataException("listpack of " + length + " bytes is shorter than the minimum 7", 0);
        }
        long total = Bytes.u32le(blob, offset);
        if (total != length) {
            throw new MalformedDataException("listpack header says " + total + " bytes but the blob has "
                    + length, 0);
        }
        if ((blob[end - 1] & 0xFF) != EOF_BYTE) {
            throw new MalformedDataException("listpack does not end with 0xFF", length - 1);
        }
        this.declaredCount = Bytes.u16le(blob, offset + 4);
        this.next = offset + HEADER_SIZE;
    }

    /** The header's element count, or {@value #UNKNOWN_COUNT} when the header does not know it. */
    public int declaredCount() {
        return declaredCount;
    }

    /** Number of entries returned so far. */
    public int visited() {
        return visited;
    }

    /**
     * Advances to the next entry.
     *
     * @return false at the terminator (after checking the count and that the terminator is the
     *         last byte)
     */
    public boolean next() {
        if (finished) {
            return false;
        }
        int p = next;
        if (p >= end) {
            throw error("listpack entries run past the end", p);
        }
        int first = b[p] & 0xFF;
        if (first == EOF_BYTE) {
            if (p != end - 1) {
                throw error("listpack terminator before the end of the blob", p);
            }
            if (declaredCount != UNKNOWN_COUNT && declaredCount != visited) {
                throw error("listpack header count " + declaredCount + " but " + visited + " entries", p);
            }
            finished = true;
            entryStart = -1;
            return false;
        }
        int payload; // encoding + data size
        integer = true;
        if ((first & 0x80) == 0) {
            integerValue = first;
            payload = 1;
        } else if ((first & 0xC0) == 0x80) {
            stringLength = first & 0x3F;
            stringOffset = p + 1;
            payload = 1 + stringLength;
            integer = false;
        } else if ((first & 0xE0) == 0xC0) {
            need(p, 2);
            int u = ((first & 0x1F) << 8) | (b[p + 1] & 0xFF);
            integerValue = u >= 4096 ? u - 8192 : u;
            payload = 2;
        } else if ((first & 0xF0) == 0xE0) {
            need(p, 2);
            stringLength = ((first & 0x0F) << 8) | (b[p + 1] & 0xFF);
            stringOffset = p + 2;
            payload = 2 + stringLength;
            integer = false;
        } else {
            switch (first) {
                case 0xF0:
                    need(p, 5);
                    long len = Bytes.u32le(b, p + 1);
                    if (len > end - p) {
                        throw error("listpack string of " + len + " bytes overruns the blob", p);
                    }
                    stringLength = (int) len;
                    stringOffset = p + 5;
                    payload = 5 + stringLength;
                    integer = false;
                    break;
                case 0xF1:
                    need(p, 3);
                    integerValue = (short) Bytes.u16le(b, p + 1);
                    payload = 3;
                    break;
                case 0xF2:
                    need(p, 4);
                    integerValue = ((b[p + 1] & 0xFF) | (b[p + 2] & 0xFF) << 8 | b[p + 3] << 16);
                    payload = 4;
                    break;
                case 0xF3:
                    need(p, 5);
                    integerValue = (int) Bytes.u32le(b, p + 1);
                    payload = 5;
                    break;
                case 0xF4:
                    need(p, 9);
                    integerValue = Bytes.i64le(b, p + 1);
                    payload = 9;
                    break;
                default:
                    throw error("invalid listpack entry encoding 0x" + Integer.toHexString(first), p);
            }
        }
        int backlenSize = ListpackBuilder.backlenSize(payload);
        if ((long) payload + backlenSize > end - 1 - p) {
            throw error("listpack entry of " + payload + " bytes overruns the blob", p);
        }
        int backlenAt = p + payload;
        if (!backlenMatches(backlenAt, backlenSize, payload)) {
            throw error("listpack entry back-length does not match its size " + payload, backlenAt);
        }
        entryStart = p;
        next = backlenAt + backlenSize;
        visited++;
        return true;
    }

    /** Whether the current entry is an integer (otherwise a byte string). */
    public boolean isInteger() {
        current();
        return integer;
    }

    /** The current integer entry's value. */
    public long integer() {
        current();
        if (!integer) {
            throw new IllegalStateException("current listpack entry is a string");
        }
        return integerValue;
    }

    /** The current string entry's bytes (a copy). */
    public byte[] stringBytes() {
        current();
        if (integer) {
            throw new IllegalStateException("current listpack entry is an integer");
        }
        byte[] copy = new byte[stringLength];
        System.arraycopy(b, stringOffset, copy, 0, stringLength);
        return copy;
    }

    /** The current entry as Redis exposes it: string bytes, or an integer's canonical decimal text. */
    public byte[] bytes() {
        return isInteger() ? IntegerStrings.toBytes(integerValue) : stringBytes();
    }

    /** Position of the current entry relative to the blob start. */
    public int entryPosition() {
        current();
        return entryStart - start;
    }

    /**
     * Advances and returns the next entry as an integer, accepting a canonical decimal string
     * too (Redis's {@code lpGetInteger} does).
     *
     * @param what names the field for the error message
     */
    public long nextInteger(String what) {
        if (!next()) {
            throw error("listpack ended where " + what + " was expected", end - 1);
        }
        if (integer) {
            return integerValue;
        }
        byte[] s = stringBytes();
        if (!IntegerStrings.isCanonicalInt64(s)) {
            throw error(what + " is not an integer", entryStart);
        }
        return IntegerStrings.parseCanonicalInt64(s);
    }

    /** Advances and returns the next entry's bytes; errors if the listpack ends. */
    public byte[] nextBytes(String what) {
        if (!next()) {
            throw error("listpack ended where " + what + " was expected", end - 1);
        }
        return bytes();
    }

    /** Decodes every entry as Redis strings. */
    public static List<byte[]> decodeAll(byte[] blob) {
        ListpackCursor c = new ListpackCursor(blob);
        List<byte[]> out = new ArrayList<>(Math.min(c.declaredCount(), 1024));
        while (c.next()) {
            out.add(c.bytes());
        }
        return out;
    }

    private boolean backlenMatches(int at, int size, int payload) {
        byte[] expected = new byte[5];
        ListpackBuilder.encodeBacklen(payload, expected, 0);
        for (int i = 0; i < size; i++) {
            if (b[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private void need(int p, int n) {
        if (n > end - 1 - p) {
            throw error("listpack entry header overruns the blob", p);
        }
    }

    private void current() {
        if (entryStart < 0) {
            throw new IllegalStateException("no current listpack entry; call next() first");
        }
    }

    private MalformedDataException error(String message, int absolute) {
        return new MalformedDataException(message, absolute - start);
    }
}
