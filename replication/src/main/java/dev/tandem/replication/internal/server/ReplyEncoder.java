/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.reply.Reply;
import dev.tandem.resp.RespVersion;
import dev.tandem.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a core {@link Reply} as RESP for a client's protocol, the way Redis's {@code addReply*}
 * functions choose the wire form from {@code c->resp}: maps become flat arrays, sets arrays,
 * doubles bulk strings ({@code %.17g}), booleans {@code :1}/{@code :0} and verbatim strings bare
 * bulk strings for RESP2; both null kinds become {@code _} for RESP3.
 */
public final class ReplyEncoder {

    private ReplyEncoder() {
    }

    public static void write(Reply reply, RespVersion version, ByteBuf out) {
        if (reply instanceof Reply.BulkReply b) {
            RespWriter.writeBulkString(out, b.bytes());
        } else if (reply instanceof Reply.SimpleReply s) {
            if (s == Reply.OK) {
                RespWriter.writeOk(out);
            } else {
                RespWriter.writeSimpleString(out, s.text());
            }
        } else if (reply instanceof Reply.IntegerReply i) {
            RespWriter.writeInteger(out, i.value());
        } else if (reply instanceof Reply.ErrorReply e) {
            RespWriter.writeError(out, e.text());
        } else if (reply instanceof Reply.NullReply) {
            RespWriter.writeNull(out, version);
        } else if (reply instanceof Reply.NullArrayReply) {
            RespWriter.writeNullArray(out, version);
        } else if (reply instanceof Reply.ArrayReply a) {
            RespWriter.writeArrayHeader(out, a.items().size());
            writeAll(a.items(), version, out);
        } else if (reply instanceof Reply.MapReply m) {
            List<Reply> kv = m.keysAndValues();
            if ((kv.size() & 1) != 0) {
                throw new IllegalArgumentException("map reply with an odd number of elements: " + kv.size());
            }
            RespWriter.writeMapHeader(out, kv.size() / 2, version);
            writeAll(kv, version, out);
        } else if (reply instanceof Reply.SetReply s) {
            RespWriter.writeSetHeader(out, s.items().size(), version);
            writeAll(s.items(), version, out);
        } else if (reply instanceof Reply.DoubleReply d) {
            RespWriter.writeDouble(out, d.value(), version);
        } else if (reply instanceof Reply.BooleanReply b) {
            RespWriter.writeBoolean(out, b.value(), version);
        } else if (reply instanceof Reply.VerbatimReply v) {
            RespWriter.writeVerbatimString(out, v.format(), v.bytes(), version);
        } else if (reply instanceof Reply.BigNumberReply n) {
            if (version == RespVersion.RESP2) {
                RespWriter.writeBulkString(out, n.digits().getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.writeByte('(');
                out.writeBytes(n.digits().getBytes(StandardCharsets.ISO_8859_1));
                out.writeByte('\r').writeByte('\n');
            }
        } else if (reply instanceof Reply.AttributeReply a) {
            if (version != RespVersion.RESP2) {
                RespWriter.writeAttributeHeader(out, a.keysAndValues().size() / 2);
                writeAll(a.keysAndValues(), version, out);
            }
            write(a.reply(), version, out);
        } else if (reply instanceof Reply.PushReply p) {
            RespWriter.writePushHeader(out, p.items().size());
            writeAll(p.items(), version, out);
            write(p.reply(), version, out);
        } else {
            throw new IllegalArgumentException("unknown reply type: " + reply);
        }
    }

    private static void writeAll(List<Reply> items, RespVersion version, ByteBuf out) {
        for (Reply item : items) {
            write(item, version, out);
        }
    }

    /** The reply's RESP bytes as a string (ISO-8859-1, byte for byte); for tests and logs. */
    static String render(Reply reply, RespVersion version) {
        ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        try {
            write(reply, version, buf);
            return buf.toString(StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
    }
}
