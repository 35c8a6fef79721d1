/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes RESP into a {@link ByteBuf}: whole frames, commands, and the common replies directly,
 * without building frame objects. The {@link RespVersion}-taking methods pick the wire form for
 * the peer's protocol exactly as Redis's {@code addReply*} functions do for {@code c->resp}.
 *
 * <p>None of these methods release anything; {@code ByteBuf} arguments are only read.
 */
public final class RespWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESP3_NULL = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "#t\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "#f\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

    private RespWriter() {
    }

    // ---- scalars -------------------------------------------------------------------------

    /** {@code +OK\r\n}. */
    public static void writeOk(ByteBuf out) {
        out.writeBytes(OK);
    }

    /**
     * {@code +<value>\r\n}.
     *
     * @throws IllegalArgumentException if {@code value} contains CR or LF
     */
    public static void writeSimpleString(ByteBuf out, byte[] value) {
        AbstractBytesFrame.requireNoLineBreak(value, "a simple string");
        out.writeByte('+').writeBytes(value).writeBytes(CRLF);
    }

    /** {@code +<value>\r\n} of the UTF-8 bytes of {@code value}; rejects CR and LF. */
    public static void writeSimpleString(ByteBuf out, String value) {
        writeSimpleString(out, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code -<message>\r\n}. The message includes the error code ({@code "ERR wrong number of
     * arguments"}, {@code "WRONGTYPE ..."}); CR and LF in it become spaces, as in Redis's
     * {@code addReplyErrorFormat}, so that the reply stays one line.
     */
    public static void writeError(ByteBuf out, byte[] message) {
        out.ensureWritable(message.length + 3);
        out.writeByte('-');
        for (byte b : message) {
            out.writeByte(b == '\r' || b == '\n' ? ' ' : b);
        }
        out.writeBytes(CRLF);
    }

    /** {@link #writeError(ByteBuf, byte[])} with the UTF-8 bytes of {@code message}. */
    public static void writeError(ByteBuf out, String message) {
        writeError(out, message.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code :<value>\r\n}. */
    public static void writeInteger(ByteBuf out, long value) {
        out.writeByte(':');
        RespNumbers.writeDecimal(out, value);
        out.writeBytes(CRLF);
    }

    /** {@code $<len>\r\n<value>\r\n}. */
    public static void writeBulkString(ByteBuf out, byte[] value) {
        writeBulkString(out, value, 0, value.length);
    }

    /** {@code $<len>\r\n<value[offset, offset+length)>\r\n}. */
    public static void writeBulkString(ByteBuf out, byte[] value, int offset, int length) {
        out.ensureWritable(length + 16);
        writeBulkStringHeader(out, length);
        out.writeBytes(value, offset, length).writeBytes(CRLF);
    }

    /** A bulk string of the UTF-8 bytes of {@code value}. */
    public static void writeBulkString(ByteBuf out, String value) {
        writeBulkString(out, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string of the readable bytes of {@code value} (not consumed, not released). */
    public static void writeBulkString(ByteBuf out, ByteBuf value) {
        int length = value.readableBytes();
        out.ensureWritable(length + 16);
        writeBulkStringHeader(out, length);
        out.writeBytes(value, value.readerIndex(), length).writeBytes(CRLF);
    }

    /** {@code value} in decimal as a bulk string, as Redis's {@code addReplyBulkLongLong}. */
    public static void writeBulkString(ByteBuf out, long value) {
        writeBulkStringHeader(out, RespNumbers.decimalLength(value));
        RespNumbers.writeDecimal(out, value);
        out.writeBytes(CRLF);
    }

    /** {@code $<length>\r\n}: the start of a bulk string whose payload and CRLF the caller writes. */
    public static void writeBulkStringHeader(ByteBuf out, long length) {
        out.writeByte('$');
        RespNumbers.writeDecimal(out, length);
        out.writeBytes(CRLF);
    }

    /** RESP2's null bulk string {@code $-1\r\n}. */
    public static void writeNullBulkString(ByteBuf out) {
        out.writeBytes(NULL_BULK);
    }

    /** RESP2's null array {@code *-1\r\n}. */
    public static void writeNullArray(ByteBuf out) {
        out.writeBytes(NULL_ARRAY);
    }

    /** RESP3's null {@code _\r\n}. */
    public static void writeResp3Null(ByteBuf out) {
        out.writeBytes(RESP3_NULL);
    }

    /** RESP3's double {@code ,<value>\r\n}, in Redis 7.0's {@code %.17g} form ({@code inf}, {@code -inf}, {@code nan}). */
    public static void writeDouble(ByteBuf out, double value) {
        out.writeByte(',');
        ByteBufUtil.writeAscii(out, RespNumbers.formatDouble(value));
        out.writeBytes(CRLF);
    }

    /** RESP3's boolean {@code #t\r\n} / {@code #f\r\n}. */
    public static void writeBoolean(ByteBuf out, boolean value) {
        out.writeBytes(value ? TRUE : FALSE);
    }

    /** RESP3's big number {@code (<value>\r\n}. */
    public static void writeBigNumber(ByteBuf out, BigInteger value) {
        out.writeByte('(');
        ByteBufUtil.writeAscii(out, value.toString());
        out.writeBytes(CRLF);
    }

    /**
     * RESP3's verbatim string {@code =<len+4>\r\n<fmt>:<text>\r\n}. As Redis's
     * {@code addReplyVerbatim}, a format shorter than 3 bytes is padded with spaces; a longer one
     * is cut.
     */
    public static void writeVerbatimString(ByteBuf out, String format, byte[] text) {
        out.ensureWritable(text.length + 20);
        out.writeByte('=');
        RespNumbers.writeDecimal(out, text.length + 4L);
        out.writeBytes(CRLF);
        for (int i = 0; i < 3; i++) {
            out.writeByte(i < format.length() ? format.charAt(i) : ' ');
        }
        out.writeByte(':').writeBytes(text).writeBytes(CRLF);
    }

    // ---- aggregate headers ---------------------------------------------------------------

    /** {@code *<count>\r\n}. */
    public static void writeArrayHeader(ByteBuf out, long count) {
        writeAggregateHeader(out, '*', count);
    }

    /** RESP3's map header {@code %<pairs>\r\n}; {@code pairs} key/value pairs follow. */
    public static void writeMapHeader(ByteBuf out, long pairs) {
        writeAggregateHeader(out, '%', pairs);
    }

    /** RESP3's set header {@code ~<count>\r\n}. */
    public static void writeSetHeader(ByteBuf out, long count) {
        writeAggregateHeader(out, '~', count);
    }

    /** RESP3's push header {@code ><count>\r\n}. */
    public static void writePushHeader(ByteBuf out, long count) {
        writeAggregateHeader(out, '>', count);
    }

    /** RESP3's attribute header {@code |<pairs>\r\n}; the pairs, then the annotated frame follow. */
    public static void writeAttributeHeader(ByteBuf out, long pairs) {
        writeAggregateHeader(out, '|', pairs);
    }

    private static void writeAggregateHeader(ByteBuf out, char marker, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("aggregate length must be >= 0: " + count);
        }
        out.writeByte(marker);
        RespNumbers.writeDecimal(out, count);
        out.writeBytes(CRLF);
    }

    // ---- replies for the peer's protocol (Redis's addReply* for c->resp) -----------------

    /** Redis's {@code addReplyNull}: {@code $-1} to RESP2, {@code _} to RESP3. */
    public static void writeNull(ByteBuf out, RespVersion version) {
        out.writeBytes(version == RespVersion.RESP2 ? NULL_BULK : RESP3_NULL);
    }

    /** Redis's {@code addReplyNullArray}: {@code *-1} to RESP2, {@code _} to RESP3. */
    public static void writeNullArray(ByteBuf out, RespVersion version) {
        out.writeBytes(version == RespVersion.RESP2 ? NULL_ARRAY : RESP3_NULL);
    }

    /** Redis's {@code addReplyMapLen}: {@code *<2*pairs>} to RESP2, {@code %<pairs>} to RESP3. */
    public static void writeMapHeader(ByteBuf out, long pairs, RespVersion version) {
        if (version == RespVersion.RESP2) {
            writeArrayHeader(out, pairs * 2);
        } else {
            writeMapHeader(out, pairs);
        }
    }

    /** Redis's {@code addReplySetLen}: {@code *} to RESP2, {@code ~} to RESP3. */
    public static void writeSetHeader(ByteBuf out, long count, RespVersion version) {
        writeAggregateHeader(out, version == RespVersion.RESP2 ? '*' : '~', count);
    }

    /** Redis's {@code addReplyBool}: {@code :1}/{@code :0} to RESP2, {@code #t}/{@code #f} to RESP3. */
    public static void writeBoolean(ByteBuf out, boolean value, RespVersion version) {
        if (version == RespVersion.RESP2) {
            writeInteger(out, value ? 1 : 0);
        } else {
            writeBoolean(out, value);
        }
    }

    /**
     * Redis 7.0's {@code addReplyDouble}: a bulk string of {@code %.17g} ({@code inf}/{@code -inf})
     * to RESP2, a {@code ,} double to RESP3.
     */
    public static void writeDouble(ByteBuf out, double value, RespVersion version) {
        if (version == RespVersion.RESP2) {
            writeBulkString(out, RespNumbers.formatDouble(value).getBytes(StandardCharsets.US_ASCII));
        } else {
            writeDouble(out, value);
        }
    }

    /** Redis's {@code addReplyBigNum}: a bulk string to RESP2, {@code (} to RESP3. */
    public static void writeBigNumber(ByteBuf out, BigInteger value, RespVersion version) {
        if (version == RespVersion.RESP2) {
            writeBulkString(out, value.toString().getBytes(StandardCharsets.US_ASCII));
        } else {
            writeBigNumber(out, value);
        }
    }

    /** Redis's {@code addReplyVerbatim}: the bare text as a bulk string to RESP2, {@code =} to RESP3. */
    public static void writeVerbatimString(ByteBuf out, String format, byte[] text, RespVersion version) {
        if (version == RespVersion.RESP2) {
            writeBulkString(out, text);
        } else {
            writeVerbatimString(out, format, text);
        }
    }

    // ---- commands ------------------------------------------------------------------------

    /** A command as RESP sends it: an array of bulk strings. */
    public static void writeCommand(ByteBuf out, byte[]... argv) {
        writeArrayHeader(out, argv.length);
        for (byte[] arg : argv) {
            writeBulkString(out, arg);
        }
    }

    /** A command of UTF-8 arguments as an array of bulk strings. */
    public static void writeCommand(ByteBuf out, String... argv) {
        writeArrayHeader(out, argv.length);
        for (String arg : argv) {
            writeBulkString(out, arg);
        }
    }

    /** {@code command}'s arguments as an array of bulk strings (inline commands too). */
    public static void writeCommand(ByteBuf out, RespCommand command) {
        writeCommand(out, command.argv());
    }

    // ---- frames --------------------------------------------------------------------------

    /**
     * Writes {@code frame} as is. Aggregates are walked with an explicit stack, so nesting depth
     * is not bounded by the thread's stack.
     */
    public static void writeFrame(ByteBuf out, RespFrame frame) {
        ArrayDeque<Iterator<RespFrame>> open = null;
        RespFrame next = frame;
        while (true) {
            Iterator<RespFrame> children = writeOne(out, next);
            if (children != null) {
                if (open == null) {
                    open = new ArrayDeque<>();
                }
                open.push(children);
            }
            next = null;
            while (open != null && !open.isEmpty()) {
                Iterator<RespFrame> top = open.peek();
                if (top.hasNext()) {
                    next = top.next();
                    break;
                }
                open.pop();
            }
            if (next == null) {
                return;
            }
        }
    }

    /**
     * Writes {@code frame} for a peer speaking {@code version}: as is for RESP3, through
     * {@link Resp2Downgrade#toResp2(RespFrame)} for RESP2.
     */
    public static void writeFrame(ByteBuf out, RespFrame frame, RespVersion version) {
        writeFrame(out, version == RespVersion.RESP2 ? Resp2Downgrade.toResp2(frame) : frame);
    }

    /** Writes a scalar, or an aggregate's header and returns its children in wire order. */
    private static Iterator<RespFrame> writeOne(ByteBuf out, RespFrame frame) {
        switch (frame.type()) {
            case SIMPLE_STRING -> {
                RespSimpleString s = (RespSimpleString) frame;
                out.writeByte('+').writeBytes(s.bytes).writeBytes(CRLF);
            }
            case ERROR -> {
                RespError e = (RespError) frame;
                out.writeByte('-').writeBytes(e.bytes).writeBytes(CRLF);
            }
            case INTEGER -> writeInteger(out, ((RespInteger) frame).value());
            case BULK_STRING -> writeBulkString(out, ((RespBulkString) frame).bytes);
            case NULL -> {
                switch (((RespNull) frame).form()) {
                    case NULL_BULK_STRING -> out.writeBytes(NULL_BULK);
                    case NULL_ARRAY -> out.writeBytes(NULL_ARRAY);
                    case RESP3_NULL -> out.writeBytes(RESP3_NULL);
                    default -> throw new IllegalStateException();
                }
            }
            case DOUBLE -> writeDouble(out, ((RespDouble) frame).value());
            case BOOLEAN -> writeBoolean(out, ((RespBoolean) frame).value());
            case BIG_NUMBER -> {
                out.writeByte('(').writeBytes(((RespBigNumber) frame).bytes).writeBytes(CRLF);
            }
            case VERBATIM_STRING -> {
                RespVerbatimString v = (RespVerbatimString) frame;
                byte[] text = v.textBytes();
                out.writeByte('=');
                RespNumbers.writeDecimal(out, text.length + 4L);
                out.writeBytes(CRLF).writeBytes(v.formatBytes()).writeByte(':').writeBytes(text).writeBytes(CRLF);
            }
            case ARRAY -> {
                List<RespFrame> elements = ((RespArray) frame).elements();
                writeArrayHeader(out, elements.size());
                return elements.iterator();
            }
            case SET -> {
                List<RespFrame> elements = ((RespSet) frame).elements();
                writeSetHeader(out, elements.size());
                return elements.iterator();
            }
            case PUSH -> {
                List<RespFrame> elements = ((RespPush) frame).elements();
                writePushHeader(out, elements.size());
                return elements.iterator();
            }
            case MAP -> {
                List<RespMap.Entry> entries = ((RespMap) frame).entries();
                writeMapHeader(out, entries.size());
                return new EntryIterator(entries, null);
            }
            case ATTRIBUTE -> {
                RespAttribute a = (RespAttribute) frame;
                writeAttributeHeader(out, a.entries().size());
                return new EntryIterator(a.entries(), a.value());
            }
            default -> throw new IllegalStateException("unknown type " + frame.type());
        }
        return null;
    }

    /** Key, value, key, value, ... then an optional trailing frame (an attribute's annotated value). */
    private static final class EntryIterator implements Iterator<RespFrame> {
        private final List<RespMap.Entry> entries;
        private final RespFrame trailer;
        private int position;

        EntryIterator(List<RespMap.Entry> entries, RespFrame trailer) {
            this.entries = entries;
            this.trailer = trailer;
        }

        @Override
        public boolean hasNext() {
            return position < entries.size() * 2 + (trailer == null ? 0 : 1);
        }

        @Override
        public RespFrame next() {
            int i = position++;
            if (i == entries.size() * 2) {
                return trailer;
            }
            RespMap.Entry e = entries.get(i / 2);
            return i % 2 == 0 ? e.key() : e.value();
        }
    }
}
