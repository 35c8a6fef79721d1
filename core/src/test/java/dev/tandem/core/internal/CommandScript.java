/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.reply.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Table-driven command tests. A script is a sequence of scenarios, each starting with a line
 * {@code ## title} and running against a fresh {@link KeyspaceFixture}. A step line is
 *
 * <pre>  COMMAND arg arg ... | expected reply | propagated; propagated</pre>
 *
 * Arguments are separated by spaces; {@code "..."} quotes an argument with spaces or an empty
 * one. The reply is written as {@link KeyspaceFixture#render} prints it ({@code +OK},
 * {@code :3}, {@code "bulk"}, {@code ["a", "b"]}, {@code -ERR text}), or {@code nil},
 * {@code nil-array}, or {@code *} for "any". The propagated column lists the exact commands of
 * the unit (MULTI/EXEC included), {@code ;}-separated; empty means nothing was propagated.
 * {@code {T}} and {@code {T+n}} stand for {@link KeyspaceFixture#START} (+ n) in any column.
 *
 * <p>Directives: {@code clock +n} advances the clock by n ms; {@code select n} switches the
 * client's db; {@code mode replica|master} sets the expiry mode; a command prefixed with
 * {@code master>} runs as the master's stream client.
 */
final class CommandScript {
    private static final Pattern TIME = Pattern.compile("\\{T(?:\\+(\\d+))?}");

    private CommandScript() {
    }

    static Stream<DynamicTest> scenarios(String script) {
        List<DynamicTest> tests = new ArrayList<>();
        String title = null;
        List<String> lines = new ArrayList<>();
        for (String raw : script.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("## ")) {
                if (title != null) {
                    tests.add(scenario(title, lines));
                }
                title = line.substring(3);
                lines = new ArrayList<>();
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                lines.add(line);
            }
        }
        if (title != null) {
            tests.add(scenario(title, lines));
        }
        return tests.stream();
    }

    private static DynamicTest scenario(String title, List<String> lines) {
        List<String> steps = List.copyOf(lines);
        return DynamicTest.dynamicTest(title, () -> run(steps));
    }

    static void run(List<String> steps) {
        KeyspaceFixture ks = new KeyspaceFixture();
        ClientState master = ClientState.master();
        for (String step : steps) {
            String line = substitute(step);
            if (line.startsWith("clock +")) {
                ks.clock.advance(Long.parseLong(line.substring(7).strip()));
                continue;
            }
            if (line.startsWith("select ")) {
                ks.client.select(Integer.parseInt(line.substring(7).strip()));
                continue;
            }
            if (line.startsWith("mode ")) {
                ks.keyspace.expiryMode(line.endsWith("replica") ? ExpiryMode.REPLICA : ExpiryMode.MASTER);
                continue;
            }
            String[] cols = line.split("\\|", -1);
            if (cols.length != 3) {
                throw new IllegalArgumentException("a step needs 3 columns: " + step);
            }
            String command = cols[0].strip();
            ClientState client = ks.client;
            if (command.startsWith("master>")) {
                client = master;
                command = command.substring(7).strip();
            }
            CommandResult r = ks.keyspace.execute(client, tokenize(command));
            String expectedReply = cols[1].strip();
            if (!expectedReply.equals("*")) {
                assertEquals(expectedReply, notation(r.reply()), "reply of: " + step);
            }
            List<String> expectedProp = new ArrayList<>();
            for (String p : cols[2].split(";")) {
                if (!p.isBlank()) {
                    expectedProp.add(quoted(List.of(tokenize(p.strip()))));
                }
            }
            List<String> actualProp = r.propagated().stream().map(c -> quoted(
                    java.util.Arrays.stream(c.argv()).map(a -> new String(a,
                            java.nio.charset.StandardCharsets.UTF_8)).toList())).toList();
            assertEquals(expectedProp, actualProp, "propagated by: " + step);
        }
    }

    /** Arguments space-separated, quoting the empty ones and those with spaces. */
    private static String quoted(List<String> args) {
        return String.join(" ", args.stream()
                .map(a -> a.isEmpty() || a.contains(" ") ? "\"" + a + "\"" : a).toList());
    }

    private static String notation(Reply r) {
        if (r instanceof Reply.NullReply) {
            return "nil";
        }
        if (r instanceof Reply.NullArrayReply) {
            return "nil-array";
        }
        if (r instanceof Reply.ArrayReply a) {
            return "[" + String.join(", ", a.items().stream().map(CommandScript::notation).toList()) + "]";
        }
        if (r instanceof Reply.MapReply m) {
            return "{" + String.join(", ", m.keysAndValues().stream().map(CommandScript::notation).toList()) + "}";
        }
        return KeyspaceFixture.render(r);
    }

    private static String substitute(String s) {
        Matcher m = TIME.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            long plus = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            m.appendReplacement(sb, Long.toString(KeyspaceFixture.START + plus));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static String[] tokenize(String command) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '"') {
                int end = command.indexOf('"', i + 1);
                out.add(command.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = command.indexOf(' ', i);
                if (end < 0) {
                    end = command.length();
                }
                out.add(command.substring(i, end));
                i = end;
            }
        }
        return out.toArray(new String[0]);
    }
}
