/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.interop;

import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.ScoreFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Replies as comparable text, every type distinct ({@code +OK}, {@code :1}, {@code "bulk"},
 * {@code (nil)}, {@code (nil-array)}, {@code [..]}, {@code ~[..]}, {@code {..}}, {@code ,1.5},
 * {@code #t}); bulk strings byte for byte (ISO-8859-1), so no invalid UTF-8 hides a difference.
 */
final class ReplyText {
    private ReplyText() {
    }

    /**
     * Like {@link #of}, for replies whose order Redis leaves unspecified: the items sorted, in
     * groups of {@code group} (field/value pairs); a map's pairs always as pairs.
     */
    static String sorted(Reply r, int group) {
        Aggregate a = Aggregate.of(r);
        if (a == null) {
            return of(r);
        }
        int size = r instanceof Reply.MapReply ? 2 : group;
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < a.items().size(); i += size) {
            List<String> g = new ArrayList<>(size);
            for (int k = i; k < Math.min(i + size, a.items().size()); k++) {
                g.add(of(a.items().get(k)));
            }
            groups.add(String.join(" ", g));
        }
        groups.sort(null);
        return a.open() + String.join(", ", groups) + a.close();
    }

    /** An array, set or map: its items (keys and values alternating) and its brackets. */
    private record Aggregate(List<Reply> items, String open, String close) {
        static Aggregate of(Reply r) {
            if (r instanceof Reply.ArrayReply a) {
                return new Aggregate(a.items(), "[", "]");
            }
            if (r instanceof Reply.SetReply s) {
                return new Aggregate(s.items(), "~[", "]");
            }
            if (r instanceof Reply.MapReply m) {
                return new Aggregate(m.keysAndValues(), "{", "}");
            }
            return null;
        }
    }

    /** Every reply type distinctly; bulk strings byte for byte. */
    static String of(Reply r) {
        if (r instanceof Reply.BulkReply b) {
            return "\"" + new String(b.bytes(), StandardCharsets.ISO_8859_1) + "\"";
        }
        if (r instanceof Reply.SimpleReply s) {
            return "+" + s.text();
        }
        if (r instanceof Reply.ErrorReply e) {
            return "-" + e.text();
        }
        if (r instanceof Reply.IntegerReply n) {
            return ":" + n.value();
        }
        if (r instanceof Reply.NullReply) {
            return "(nil)";
        }
        if (r instanceof Reply.NullArrayReply) {
            return "(nil-array)";
        }
        if (r instanceof Reply.DoubleReply d) {
            return "," + ScoreFormat.format(d.value());
        }
        if (r instanceof Reply.BooleanReply b) {
            return b.value() ? "#t" : "#f";
        }
        if (r instanceof Reply.VerbatimReply v) {
            return "=" + v.format() + ":" + new String(v.bytes(), StandardCharsets.ISO_8859_1);
        }
        Aggregate a = Aggregate.of(r);
        if (a == null) {
            throw new AssertionError("unexpected reply " + r);
        }
        List<String> parts = new ArrayList<>(a.items().size());
        for (Reply item : a.items()) {
            parts.add(of(item));
        }
        return a.open() + String.join(", ", parts) + a.close();
    }
}
