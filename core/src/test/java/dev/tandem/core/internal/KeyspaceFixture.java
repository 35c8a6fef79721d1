/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fluent scenarios for command tests:
 * {@code ks.exec("SET", "k", "v").is(Reply.OK).propagates("SET k v");}
 * The clock starts at a fixed time so propagated absolute expiries are predictable.
 */
public final class KeyspaceFixture {
    public static final long START = 1_700_000_000_000L;

    public final ManualClock clock = new ManualClock(START);
    public final RecordingSink sink = new RecordingSink();
    public final Keyspace keyspace = new Keyspace(16, clock);
    public final ClientState client = ClientState.client();

    public KeyspaceFixture() {
        keyspace.propagationSink(sink);
    }

    /** A propagation sink that records every unit, like a backlog would receive it. */
    public static final class RecordingSink implements PropagationSink {
        public final List<Propagated> all = new ArrayList<>();
        private long offset;

        @Override
        public long propagate(List<Propagated> commands) {
            all.addAll(commands);
            offset += commands.size();
            return offset;
        }

        @Override
        public long offset() {
            return offset;
        }
    }

    public Outcome exec(String... argv) {
        return new Outcome(keyspace.execute(client, argv));
    }

    public Outcome exec(ClientState c, String... argv) {
        return new Outcome(keyspace.execute(c, argv));
    }

    /** The result of one command, with assertions that chain. */
    public static final class Outcome {
        public final CommandResult result;

        Outcome(CommandResult result) {
            this.result = result;
        }

        public Reply reply() {
            return result.reply();
        }

        public Outcome is(Reply expected) {
            assertEquals(render(expected), render(result.reply()));
            return this;
        }

        public Outcome isOk() {
            return is(Reply.OK);
        }

        public Outcome isInteger(long v) {
            return is(new Reply.IntegerReply(v));
        }

        public Outcome isBulk(String s) {
            return is(Reply.bulk(s));
        }

        public Outcome isNull() {
            return is(Reply.NULL);
        }

        /** Each element a bulk string, or null for a null bulk. */
        public Outcome isArray(String... items) {
            List<Reply> r = new ArrayList<>();
            for (String s : items) {
                r.add(s == null ? Reply.NULL : Reply.bulk(s));
            }
            return is(Reply.array(r));
        }

        public Outcome isError(String text) {
            Reply.ErrorReply e = assertInstanceOf(Reply.ErrorReply.class, result.reply(),
                    "expected an error, got " + render(result.reply()));
            assertEquals(text, e.text());
            return this;
        }

        public Outcome isErrorStartingWith(String prefix) {
            Reply.ErrorReply e = assertInstanceOf(Reply.ErrorReply.class, result.reply());
            assertTrue(e.text().startsWith(prefix), e.text());
            return this;
        }

        /** The exact propagated commands, each rendered space-separated. */
        public Outcome propagates(String... commands) {
            List<String> actual = result.propagated().stream().map(Propagated::render).toList();
            assertEquals(Arrays.asList(commands), actual);
            return this;
        }

        public Outcome propagatesNothing() {
            return propagates();
        }
    }

    /** A readable, comparable rendering of a reply tree. */
    public static String render(Reply r) {
        if (r instanceof Reply.BulkReply b) {
            return "\"" + new String(b.bytes(), StandardCharsets.UTF_8) + "\"";
        }
        if (r instanceof Reply.ArrayReply a) {
            return "[" + String.join(", ", a.items().stream().map(KeyspaceFixture::render).toList()) + "]";
        }
        if (r instanceof Reply.MapReply m) {
            return "{" + String.join(", ", m.keysAndValues().stream().map(KeyspaceFixture::render).toList()) + "}";
        }
        if (r instanceof Reply.SetReply s) {
            return "~[" + String.join(", ", s.items().stream().map(KeyspaceFixture::render).toList()) + "]";
        }
        if (r instanceof Reply.VerbatimReply v) {
            return "=" + v.format() + ":" + new String(v.bytes(), StandardCharsets.UTF_8);
        }
        if (r instanceof Reply.SimpleReply sr) {
            return "+" + sr.text();
        }
        if (r instanceof Reply.ErrorReply er) {
            return "-" + er.text();
        }
        if (r instanceof Reply.IntegerReply ir) {
            return ":" + ir.value();
        }
        return r.toString();
    }

    /** Parses the {@link #render} notation's simplest forms for expected values: +S, :N, "B". */
    public static Reply reply(String notation) {
        if (notation == null) {
            return Reply.NULL;
        }
        if (notation.startsWith("+")) {
            return Reply.simple(notation.substring(1));
        }
        if (notation.startsWith(":")) {
            return Reply.integer(Long.parseLong(notation.substring(1)));
        }
        return Reply.bulk(notation);
    }

    /** An array of replies in {@link #reply(String)} notation: {@code replies("+OK", ":1", "bulk")}. */
    public static Reply replies(String... notation) {
        List<Reply> r = new ArrayList<>();
        for (String n : notation) {
            r.add(reply(n));
        }
        return Reply.array(r);
    }
}
