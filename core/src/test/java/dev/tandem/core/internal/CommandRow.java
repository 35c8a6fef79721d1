/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tandem.core.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs one row of a command table: setup commands, the command under test with its expected
 * reply and propagated form, then follow-up checks. Rows are written as text so that a table
 * of cases reads like a redis-cli session:
 *
 * <pre>
 * setup:       RPUSH l a b c; @advance 10
 * command:     LPOP l 2
 * reply:       ["a", "b"]
 * propagated:  LPOP l 2              (several: "MULTI; DEL k; lpush k a; EXEC"; none: empty)
 * then:        LRANGE l 0 -1 =&gt; ["c"]; EXISTS x =&gt; :0
 * </pre>
 *
 * A column holding just {@code ''} is empty. Words are separated by spaces; {@code ''} stands for an empty argument. Setup
 * directives: {@code @resp3} switches the client to RESP3, {@code @expire key N} gives an
 * existing key a TTL of N ms, {@code @advance N} moves the clock by N ms. Replies render as {@code "bulk"}, {@code :1}, {@code +OK}, {@code -ERR text},
 * {@code (nil)}, {@code (nil-array)}, {@code [a, b]}, {@code {k, v}} (map), {@code ~[..]} (set),
 * {@code ,1.5} (double). An expected reply starting with {@code sorted } is compared with
 * {@link #renderSorted}, for replies in hash-table order.
 */
public final class CommandRow {
    private CommandRow() {
    }

    public static void run(String setup, String command, String reply, String propagated,
                           String then) {
        KeyspaceFixture ks = new KeyspaceFixture();
        for (String step : split(setup)) {
            if (step.equals("@resp3")) {
                ks.client.protocol(3);
            } else if (step.startsWith("@expire ")) {
                String[] w = words(step);
                Entry e = ks.keyspace.database(ks.client.db()).peek(Key.of(w[1]));
                ks.keyspace.database(ks.client.db())
                        .setExpire(e, ks.clock.nowMillis() + Long.parseLong(w[2]));
            } else if (step.startsWith("@advance ")) {
                ks.clock.advance(Long.parseLong(step.substring(9).trim()));
            } else {
                Reply r = ks.exec(words(step)).reply();
                assertFalse(r instanceof Reply.ErrorReply, () -> "setup '" + step + "' failed: "
                        + render(r));
            }
        }
        KeyspaceFixture.Outcome o = ks.exec(words(command));
        if (reply.startsWith("sorted ")) {
            assertEquals(reply.substring(7), renderSorted(o.reply()), () -> "reply of " + command);
        } else {
            assertEquals(reply, render(o.reply()), () -> "reply of " + command);
        }
        List<String> expected = split(propagated);
        List<String> actual = o.result.propagated().stream().map(Propagated::render).toList();
        assertEquals(expected, actual, () -> "propagated form of " + command);
        for (String check : split(then)) {
            int arrow = check.indexOf("=>");
            String cmd = check.substring(0, arrow).trim();
            String want = check.substring(arrow + 2).trim();
            Reply got = ks.exec(words(cmd)).reply();
            if (want.startsWith("sorted ")) {
                assertEquals(want.substring(7), renderSorted(got), () -> "then " + cmd);
            } else {
                assertEquals(want, render(got), () -> "then " + cmd);
            }
        }
    }

    static List<String> split(String steps) {
        if (steps == null || steps.isBlank() || steps.trim().equals("''")) {
            return List.of();
        }
        return Arrays.stream(steps.split(";")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }

    public static String[] words(String command) {
        String[] w = command.trim().split(" +");
        for (int i = 0; i < w.length; i++) {
            if (w[i].equals("''")) {
                w[i] = "";
            }
        }
        return w;
    }

    public static String render(Reply r) {
        return render(r, false);
    }

    /**
     * Like {@link #render(Reply)}, for replies whose order Redis leaves unspecified: the items
     * of sets and of innermost arrays are sorted, and maps are sorted by field/value pair.
     */
    public static String renderSorted(Reply r) {
        return render(r, true);
    }

    private static String render(Reply r, boolean sorted) {
        if (r instanceof Reply.BulkReply b) {
            return "\"" + new String(b.bytes(), StandardCharsets.UTF_8) + "\"";
        }
        if (r instanceof Reply.NullReply) {
            return "(nil)";
        }
        if (r instanceof Reply.NullArrayReply) {
            return "(nil-array)";
        }
        if (r instanceof Reply.ArrayReply a) {
            boolean innermost = a.items().stream().noneMatch(i -> i instanceof Reply.ArrayReply);
            return "[" + join(a.items(), 1, sorted, sorted && innermost) + "]";
        }
        if (r instanceof Reply.MapReply m) {
            return "{" + join(m.keysAndValues(), 2, sorted, sorted) + "}";
        }
        if (r instanceof Reply.SetReply s) {
            return "~[" + join(s.items(), 1, sorted, sorted) + "]";
        }
        if (r instanceof Reply.DoubleReply d) {
            return "," + d.value();
        }
        if (r instanceof Reply.BooleanReply b) {
            return b.value() ? "#t" : "#f";
        }
        return KeyspaceFixture.render(r);
    }

    /** Renders items in groups of {@code group} (map pairs), optionally sorting the groups. */
    private static String join(List<Reply> items, int group, boolean sortedMode, boolean sort) {
        List<String> parts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i += group) {
            List<String> g = new ArrayList<>(group);
            for (int k = i; k < Math.min(i + group, items.size()); k++) {
                g.add(render(items.get(k), sortedMode));
            }
            parts.add(String.join(", ", g));
        }
        if (sort) {
            parts.sort(null);
        }
        return String.join(", ", parts);
    }
}
