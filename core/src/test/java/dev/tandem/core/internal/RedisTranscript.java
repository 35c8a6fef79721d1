/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.ScoreFormat;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a transcript of commands against a {@link KeyspaceFixture} and checks each reply and
 * propagated form, redis-cli style:
 *
 * <pre>
 * > ZADD z 1 a 2 b
 * :2
 * ~ ZADD z 1 a 2 b
 * > ZSCORE z a
 * "1"
 * </pre>
 *
 * <p>{@code > } lines are commands (space-separated; {@code "..."} quotes a token, {@code \"}
 * and {@code \\} escape inside quotes). The next line is the expected reply:
 * {@code :n}, {@code "bulk"}, {@code +simple}, {@code -ERR text}, {@code (nil)},
 * {@code (nil-array)}, {@code [a, b]} for arrays, and RESP3 doubles as {@code ,1.5}. An optional
 * {@code ~ } line lists the propagated commands separated by {@code  | } ({@code ~ } alone or no
 * such line: nothing propagated). {@code @resp3} / {@code @resp2} switch the client's protocol;
 * {@code @xadd key id field value...} appends a stream entry (set-up; no reply checked);
 * {@code @advance n} moves the clock; {@code #} starts a comment.
 *
 * <p>RESP2 rendering downgrades a double to the bulk string Redis sends ({@link ScoreFormat}).
 */
public final class RedisTranscript {
    private RedisTranscript() {
    }

    public static void run(KeyspaceFixture ks, String script) {
        String[] lines = script.strip().split("\n");
        int i = 0;
        while (i < lines.length) {
            String line = lines[i].strip();
            i++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("@resp3")) {
                ks.client.protocol(3);
                continue;
            }
            if (line.equals("@resp2")) {
                ks.client.protocol(2);
                continue;
            }
            if (line.startsWith("@xadd ")) {
                appendStreamEntry(ks, tokenize(line.substring(6)));
                continue;
            }
            if (line.startsWith("@advance ")) {
                ks.clock.advance(Long.parseLong(line.substring(9).strip()));
                continue;
            }
            if (!line.startsWith("> ")) {
                throw new IllegalArgumentException("expected a command at line " + i + ": " + line);
            }
            String command = line.substring(2);
            if (i >= lines.length) {
                throw new IllegalArgumentException("missing expected reply for " + command);
            }
            String expected = lines[i].strip();
            i++;
            String expectedPropagation = "";
            if (i < lines.length && lines[i].strip().startsWith("~")) {
                expectedPropagation = lines[i].strip().substring(1).strip();
                i++;
            }
            List<String> argv = tokenize(command);
            CommandResult result = ks.keyspace.execute(ks.client, argv.toArray(new String[0]));
            assertEquals(expected, render(result.reply(), ks.client.protocol()), "reply of: " + command);
            String propagated = result.propagated().stream().map(Propagated::render)
                    .collect(Collectors.joining(" | "));
            assertEquals(expectedPropagation, propagated, "propagation of: " + command);
        }
    }

    /**
     * {@code @xadd key id field value ...}: builds stream data the way an RDB load would (the
     * keyspace has no XADD yet); the interop replay sends it to Redis as XADD.
     */
    private static void appendStreamEntry(KeyspaceFixture ks, List<String> args) {
        Key key = Key.of(args.get(0));
        String[] id = args.get(1).split("-");
        byte[][] fields = new byte[args.size() - 2][];
        for (int k = 2; k < args.size(); k++) {
            fields[k - 2] = args.get(k).getBytes(StandardCharsets.UTF_8);
        }
        ks.keyspace.lock().writeLock().lock();
        try {
            Database db = ks.keyspace.database(ks.client.db());
            Entry e = db.peek(key);
            StreamValue stream;
            if (e == null) {
                stream = new StreamValue();
                db.add(key, stream);
            } else {
                stream = (StreamValue) e.value();
            }
            stream.appendEntry(new StreamId(Long.parseUnsignedLong(id[0]), Long.parseUnsignedLong(id[1])), fields);
        } finally {
            ks.keyspace.lock().writeLock().unlock();
        }
    }

    static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            StringBuilder tok = new StringBuilder();
            if (c == '"') {
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    tok.append(s.charAt(i++));
                }
                i++; // closing quote
            } else {
                while (i < s.length() && s.charAt(i) != ' ') {
                    tok.append(s.charAt(i++));
                }
            }
            out.add(tok.toString());
        }
        return out;
    }

    /** A reply as redis-cli-like text, for the given protocol. */
    public static String render(Reply r, int protocol) {
        if (r instanceof Reply.BulkReply b) {
            return "\"" + new String(b.bytes(), StandardCharsets.UTF_8) + "\"";
        }
        if (r instanceof Reply.DoubleReply d) {
            return protocol > 2 ? "," + ScoreFormat.format(d.value()) : "\"" + ScoreFormat.format(d.value()) + "\"";
        }
        if (r instanceof Reply.ArrayReply a) {
            return a.items().stream().map(x -> render(x, protocol)).collect(Collectors.joining(", ", "[", "]"));
        }
        if (r instanceof Reply.MapReply m) {
            return m.keysAndValues().stream().map(x -> render(x, protocol))
                    .collect(Collectors.joining(", ", protocol > 2 ? "{" : "[", protocol > 2 ? "}" : "]"));
        }
        if (r instanceof Reply.SetReply s) {
            return s.items().stream().map(x -> render(x, protocol))
                    .collect(Collectors.joining(", ", protocol > 2 ? "~[" : "[", "]"));
        }
        if (r instanceof Reply.IntegerReply n) {
            return ":" + n.value();
        }
        if (r instanceof Reply.SimpleReply s) {
            return "+" + s.text();
        }
        if (r instanceof Reply.ErrorReply e) {
            return "-" + e.text();
        }
        if (r instanceof Reply.NullReply) {
            return "(nil)";
        }
        if (r instanceof Reply.NullArrayReply) {
            return protocol > 2 ? "(nil)" : "(nil-array)"; // both are "_" in RESP3
        }
        if (r instanceof Reply.BooleanReply b) {
            return protocol > 2 ? "#" + (b.value() ? "t" : "f") : ":" + (b.value() ? 1 : 0);
        }
        return r.toString();
    }
}
