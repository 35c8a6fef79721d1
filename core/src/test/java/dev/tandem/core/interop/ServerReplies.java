/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.interop;

import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.ScoreFormat;
import dev.tandem.testkit.RespClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the testkit's {@link RespClient} read from a real redis-server into core's
 * {@link Reply} tree, so a server's reply and a Keyspace's reply render and compare alike.
 */
public final class ServerReplies {
    private ServerReplies() {
    }

    public static Reply toReply(Object r) {
        if (r == null) {
            return Reply.NULL;
        }
        if (r instanceof RespClient.NullArrayReply) {
            return Reply.NULL_ARRAY;
        }
        if (r instanceof String s) {
            return new Reply.SimpleReply(s);
        }
        if (r instanceof RespClient.ErrorReply e) {
            return new Reply.ErrorReply(e.text());
        }
        if (r instanceof Long n) {
            return new Reply.IntegerReply(n);
        }
        if (r instanceof byte[] b) {
            return new Reply.BulkReply(b);
        }
        if (r instanceof List<?> l) {
            return new Reply.ArrayReply(all(l));
        }
        if (r instanceof RespClient.MapReply m) {
            return new Reply.MapReply(all(m.keysAndValues()));
        }
        if (r instanceof RespClient.SetReply s) {
            return new Reply.SetReply(all(s.items()));
        }
        if (r instanceof RespClient.DoubleReply d) {
            return new Reply.DoubleReply(d.value());
        }
        if (r instanceof Boolean b) {
            return new Reply.BooleanReply(b);
        }
        if (r instanceof RespClient.VerbatimReply v) {
            return new Reply.VerbatimReply(v.format(), v.text());
        }
        if (r instanceof RespClient.BigNumberReply n) {
            return new Reply.BulkReply(n.digits().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        throw new IllegalArgumentException("no core Reply for " + RespClient.describe(r));
    }

    private static List<Reply> all(List<?> items) {
        List<Reply> out = new ArrayList<>(items.size());
        for (Object o : items) {
            out.add(toReply(o));
        }
        return out;
    }

    /**
     * What a client of {@code protocol} receives for one of core's replies: for RESP2 maps and
     * sets become arrays, doubles bulk strings ({@code %.17g}), booleans integers, verbatim
     * strings bulk strings; for RESP3 the null array is the one null.
     */
    public static Reply asSeenBy(Reply r, int protocol) {
        if (r instanceof Reply.ArrayReply a) {
            return new Reply.ArrayReply(seenBy(a.items(), protocol));
        }
        if (protocol == 3) {
            if (r instanceof Reply.NullArrayReply) {
                return Reply.NULL;
            }
            if (r instanceof Reply.MapReply m) {
                return new Reply.MapReply(seenBy(m.keysAndValues(), protocol));
            }
            if (r instanceof Reply.SetReply s) {
                return new Reply.SetReply(seenBy(s.items(), protocol));
            }
            return r;
        }
        if (r instanceof Reply.MapReply m) {
            return new Reply.ArrayReply(seenBy(m.keysAndValues(), protocol));
        }
        if (r instanceof Reply.SetReply s) {
            return new Reply.ArrayReply(seenBy(s.items(), protocol));
        }
        if (r instanceof Reply.DoubleReply d) {
            return new Reply.BulkReply(ScoreFormat.formatBytes(d.value()));
        }
        if (r instanceof Reply.BooleanReply b) {
            return Reply.integer(b.value() ? 1 : 0);
        }
        if (r instanceof Reply.VerbatimReply v) {
            return new Reply.BulkReply(v.bytes());
        }
        return r;
    }

    private static List<Reply> seenBy(List<Reply> items, int protocol) {
        List<Reply> out = new ArrayList<>(items.size());
        for (Reply item : items) {
            out.add(asSeenBy(item, protocol));
        }
        return out;
    }
}
