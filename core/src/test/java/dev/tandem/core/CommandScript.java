package dev.tandem.core;

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
 * {@code ,1.5} (double).
 */
public final class CommandScript {
    private CommandScript() {
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
        assertEquals(reply, render(o.reply()), () -> "reply of " + command);
        List<String> expected = split(propagated);
        List<String> actual = o.result.propagated().stream().map(Propagated::render).toList();
        assertEquals(expected, actual, () -> "propagated form of " + command);
        for (String check : split(then)) {
            int arrow = check.indexOf("=>");
            String cmd = check.substring(0, arrow).trim();
            String want = check.substring(arrow + 2).trim();
            assertEquals(want, render(ks.exec(words(cmd)).reply()), () -> "then " + cmd);
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
            return "[" + join(a.items()) + "]";
        }
        if (r instanceof Reply.MapReply m) {
            return "{" + join(m.keysAndValues()) + "}";
        }
        if (r instanceof Reply.SetReply s) {
            return "~[" + join(s.items()) + "]";
        }
        if (r instanceof Reply.DoubleReply d) {
            return "," + d.value();
        }
        if (r instanceof Reply.BooleanReply b) {
            return b.value() ? "#t" : "#f";
        }
        return KeyspaceFixture.render(r);
    }

    private static String join(List<Reply> items) {
        List<String> parts = new ArrayList<>(items.size());
        for (Reply i : items) {
            parts.add(render(i));
        }
        return String.join(", ", parts);
    }
}
