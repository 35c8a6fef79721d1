/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.reply;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A command's reply, independent of the wire protocol: the server encodes it as RESP2 or
 * RESP3 (core knows no Netty). RESP3-only shapes ({@link MapReply}, {@link SetReply},
 * {@link DoubleReply}, {@link BooleanReply}) are downgraded by the encoder for RESP2 clients
 * the way Redis does; commands whose RESP2 and RESP3 shapes differ in other ways ask
 * {@code ClientState#protocol()}.
 */
public sealed interface Reply permits Reply.SimpleReply, Reply.ErrorReply, Reply.IntegerReply,
        Reply.BulkReply, Reply.NullReply, Reply.NullArrayReply, Reply.ArrayReply, Reply.MapReply,
        Reply.SetReply, Reply.DoubleReply, Reply.BooleanReply, Reply.VerbatimReply,
        Reply.BigNumberReply, Reply.AttributeReply, Reply.PushReply {

    SimpleReply OK = new SimpleReply("OK");
    SimpleReply QUEUED = new SimpleReply("QUEUED");
    SimpleReply PONG = new SimpleReply("PONG");
    IntegerReply ZERO = new IntegerReply(0);
    IntegerReply ONE = new IntegerReply(1);
    NullReply NULL = new NullReply();
    NullArrayReply NULL_ARRAY = new NullArrayReply();
    ArrayReply EMPTY_ARRAY = new ArrayReply(List.of());

    /** {@code +text}. */
    record SimpleReply(String text) implements Reply { }

    /** {@code -PREFIX message}; {@code text} includes the prefix (ERR, WRONGTYPE, ...). */
    record ErrorReply(String text) implements Reply {
        public String prefix() {
            int sp = text.indexOf(' ');
            return sp < 0 ? text : text.substring(0, sp);
        }
    }

    /** {@code :n}. */
    record IntegerReply(long value) implements Reply { }

    /** {@code $len bytes}. */
    record BulkReply(byte[] bytes) implements Reply {
        public String utf8() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "BulkReply[" + utf8() + "]";
        }
    }

    /** Null bulk in RESP2 ({@code $-1}), {@code _} in RESP3. */
    record NullReply() implements Reply { }

    /** Null array in RESP2 ({@code *-1}), {@code _} in RESP3. */
    record NullArrayReply() implements Reply { }

    record ArrayReply(List<Reply> items) implements Reply { }

    /** Alternating keys and values; a flat array for RESP2 clients. */
    record MapReply(List<Reply> keysAndValues) implements Reply { }

    record SetReply(List<Reply> items) implements Reply { }

    /** RESP3 double; a bulk string in Redis's formatting for RESP2 clients. */
    record DoubleReply(double value) implements Reply { }

    record BooleanReply(boolean value) implements Reply { }

    /** RESP3 verbatim string ({@code =len\r\ntxt:...}); a bulk string for RESP2. */
    record VerbatimReply(String format, byte[] bytes) implements Reply { }

    /**
     * RESP3 big number ({@code (digits}); a bulk string of the same text for RESP2 (Redis's
     * addReplyBigNum). The text is taken as given: a script may return any string as one.
     */
    record BigNumberReply(String digits) implements Reply { }

    /**
     * RESP3 attribute ({@code |n} and its pairs) ahead of {@code reply}; RESP2 clients get the
     * reply alone, as Redis writes attributes only to RESP3 clients.
     */
    record AttributeReply(List<Reply> keysAndValues, Reply reply) implements Reply { }

    /**
     * An out-of-band RESP3 push ({@code >n}) written just ahead of the command's own
     * {@code reply} (Redis's DEBUG PROTOCOL push, which only RESP3 clients get).
     */
    record PushReply(List<Reply> items, Reply reply) implements Reply { }

    static BulkReply bulk(byte[] bytes) {
        return new BulkReply(bytes);
    }

    static BulkReply bulk(String utf8) {
        return new BulkReply(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk reply, or the null bulk when {@code bytes} is null. */
    static Reply bulkOrNull(byte[] bytes) {
        return bytes == null ? NULL : new BulkReply(bytes);
    }

    static IntegerReply integer(long value) {
        return value == 0 ? ZERO : value == 1 ? ONE : new IntegerReply(value);
    }

    static ErrorReply error(String text) {
        return new ErrorReply(text);
    }

    static ArrayReply array(List<Reply> items) {
        return new ArrayReply(items);
    }

    static SimpleReply simple(String text) {
        return new SimpleReply(text);
    }
}
