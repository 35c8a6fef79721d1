/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.Propagated;
import dev.tandem.core.internal.PropagationSink;
import dev.tandem.core.reply.Reply;
import dev.tandem.testkit.ReplicationTap;
import dev.tandem.testkit.RequiresRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stream commands run side by side on a real redis-server 7.0 and a Keyspace: the replies
 * (errors included) must be the same, and so must what each propagates (read from Redis's
 * replication stream through a {@link ReplicationTap}). Delivery times and idle times depend on
 * each side's clock, so they are masked: the {@code TIME} of a propagated XCLAIM, and the
 * integers of the few replies that report times (extended XPENDING, XINFO CONSUMERS, XINFO
 * STREAM FULL).
 */
@Tag("interop")
@RequiresRedis
class StreamDifferentialInteropTest extends SharedRedisServerTest {

    private static byte[][] argv(String line) {
        String[] args = line.split(" ");
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** Runs {@code lines} on both sides; compares replies and the propagated streams. */
    private static void compare(List<String> lines, int protocol) throws IOException {
        redis.call("FLUSHALL");
        redis.call("HELLO", Integer.toString(protocol));
        Keyspace keyspace = new Keyspace(16, KeyspaceClock.SYSTEM);
        ClientState client = ClientState.client();
        client.protocol(protocol);
        List<String> ours = new ArrayList<>();
        keyspace.propagationSink(new PropagationSink() {
            private long offset;

            @Override
            public long propagate(List<Propagated> units) {
                for (Propagated p : units) {
                    ours.add(p.render());
                }
                return ++offset;
            }

            @Override
            public long offset() {
                return offset;
            }
        });
        try (ReplicationTap tap = server.tap()) {
            List<byte[][]> commands = new ArrayList<>();
            for (String l : lines) {
                commands.add(argv(l));
            }
            String marker = "SET end-of-test " + lines.size();
            commands.add(argv(marker));
            List<Object> expected = redis.pipeline(commands);
            for (int i = 0; i < commands.size(); i++) {
                String line = i < lines.size() ? lines.get(i) : marker;
                Reply mine = ServerReplies.asSeenBy(keyspace.execute(client, commands.get(i)).reply(), protocol);
                Reply theirs = ServerReplies.toReply(expected.get(i));
                assertEquals(mask(line, ReplyText.of(theirs)), mask(line, ReplyText.of(mine)),
                        "reply to " + line + " (command " + i + ")");
            }
            List<String> theirs = new ArrayList<>();
            for (String c : tap.readThrough(marker)) {
                if (!c.startsWith("SELECT ")) {
                    theirs.add(c.replaceAll("TIME \\d+", "TIME t"));
                }
            }
            List<String> mine = new ArrayList<>();
            for (String c : ours) {
                mine.add(c.replaceAll("TIME \\d+", "TIME t"));
            }
            assertEquals(String.join("\n", theirs), String.join("\n", mine));
        }
    }

    private static String mask(String command, String reply) {
        String upper = command.toUpperCase(java.util.Locale.ROOT);
        boolean timed = upper.startsWith("XINFO CONSUMERS") || upper.startsWith("XINFO STREAM") && upper.contains("FULL")
                || upper.startsWith("XPENDING") && command.split(" ").length > 3;
        return timed ? reply.replaceAll(":\\d+", ":n") : reply;
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void addDeleteTrimAndSetId(int protocol) throws IOException {
        compare(List.of(
                "XADD s 1-1 a 1", "XADD s 1-2 b 2 c 3", "XADD s 1-* d 4", "XADD s 5 e 5", "XADD s 5-* f 6",
                "XADD s 1-1 x y", "XADD s 0-0 x y", "XADD s 0 x y", "XADD t 0-* a b", "XADD s 9-1 x",
                "XADD s 9-1 x y z", "XADD s", "XADD s NOMKSTREAM 9-9 a b", "XADD nope NOMKSTREAM 1-1 a b",
                "EXISTS nope", "XADD s MAXLEN -1 * a b", "XADD s MAXLEN x * a b", "XADD s MAXLEN 1 MINID 1 * a b",
                "XADD s LIMIT 10 10-1 a b", "XADD s MAXLEN 5 LIMIT 10 10-1 a b", "XADD s MAXLEN ~ 5 LIMIT -1 10-1 a b",
                "XADD s - a b", "XADD s + a b", "XADD s 1-x a b", "XADD s abc a b", "XADD s BOGUS a b",
                "SET str v", "XADD str 1-1 a b", "XDEL str 1-1", "XLEN s",
                "XADD s MAXLEN = 4 10-1 g 7", "XRANGE s - +", "XADD s MAXLEN ~ 2 10-2 h 8", "XLEN s",
                "XADD s MINID = 10-1 10-3 i 9", "XRANGE s - +", "XADD s MINID ~ 99 10-4 j 10", "XLEN s",
                "XADD s MAXLEN 1 LIMIT 0 10-5 k 11", "XDEL s 10-5 10-4 10-5 bad", "XDEL s 10-5 10-4 99-1",
                "XDEL nope 1-1", "XINFO STREAM s", "XTRIM s", "XTRIM s MAXLEN", "XTRIM s MAXLEN 0 LIMIT 5",
                "XTRIM s MINID 1 MAXLEN 2", "XTRIM s FOO 1", "XTRIM nope MAXLEN 0", "XTRIM s MAXLEN ~ 0",
                "XTRIM s MAXLEN 0", "XINFO STREAM s", "XSETID s 1-1", "XSETID s 20-0", "XSETID nope 1-1",
                "XSETID s 30-0 ENTRIESADDED 5 MAXDELETEDID 25-0", "XSETID s 30-0 MAXDELETEDID 31-0",
                "XSETID s 30-0 ENTRIESADDED -1", "XSETID s 30-0 FOO", "XINFO STREAM s", "XADD s 29-0 a b",
                "XADD s 30-* a b", "XSETID s 18446744073709551615-18446744073709551615", "XADD s * a b",
                "XADD s 18446744073709551615-* a b", "XADD u 1-18446744073709551615 a b", "XADD u 1-* a b",
                "XADD u 2-* a b", "XINFO STREAM u", "XTRIM str MAXLEN 0", "XSETID str 1-1"), protocol);
    }

    @Test
    void approximateTrimmingRemovesWholeNodesAsRedis() throws IOException {
        List<String> lines = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 1; i <= 700; i++) {
            String fields = r.nextInt(10) == 0 ? "other " + i : "f " + i;
            lines.add("XADD s " + i + "-1 " + fields + (r.nextInt(20) == 0 ? " big " + "x".repeat(300) : ""));
            if (i % 50 == 0) {
                lines.add("XADD s MAXLEN ~ " + r.nextInt(100, 400) + " " + i + "-2 a b");
                lines.add("XLEN s");
            }
            if (i % 77 == 0) {
                lines.add("XDEL s " + (i - r.nextInt(1, 60)) + "-1 " + (i - r.nextInt(1, 60)) + "-1");
            }
        }
        lines.add("XTRIM s MAXLEN ~ 150");
        lines.add("XINFO STREAM s");
        lines.add("XTRIM s MINID ~ 640");
        lines.add("XTRIM s MINID ~ 640 LIMIT 50");
        lines.add("XTRIM s MAXLEN ~ 10 LIMIT 100");
        lines.add("XTRIM s MINID 690");
        lines.add("XINFO STREAM s");
        compare(lines, 2);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void groupsReadsAcksAndClaims(int protocol) throws IOException {
        compare(List.of(
                "XGROUP CREATE s g $", "XGROUP CREATE s g $ MKSTREAM", "XGROUP CREATE s g $ MKSTREAM", "TYPE s",
                "XADD s 1-1 a 1", "XADD s 2-1 b 2", "XADD s 3-1 c 3", "XADD s 4-1 d 4",
                "XGROUP CREATE s g2 0 ENTRIESREAD 0", "XGROUP CREATE s g3 2-1 ENTRIESREAD -2",
                "XGROUP CREATE s g3 1-x", "XGROUP CREATE s g3 0 FOO", "XGROUP CREATE str g 0",
                "XGROUP SETID s nog 0", "XGROUP CREATECONSUMER s nog c", "XGROUP DELCONSUMER nokey g c",
                "XGROUP FOO s g", "XGROUP CREATE s", "XGROUP DESTROY s g g", "XGROUP HELP", "XGROUP HELP x",
                "XINFO GROUPS s",
                "XREADGROUP GROUP g alice COUNT 2 STREAMS s >", "XREADGROUP GROUP g bob STREAMS s >",
                "XREADGROUP GROUP g bob STREAMS s >", "XREADGROUP GROUP g alice STREAMS s 0",
                "XREADGROUP GROUP g alice COUNT 1 STREAMS s 1-1", "XREADGROUP GROUP nog a STREAMS s >",
                "XREADGROUP GROUP g a STREAMS nokey >", "XREADGROUP GROUP g a STREAMS s $", "XREADGROUP STREAMS s >",
                "XREADGROUP GROUP g a STREAMS s", "XREAD STREAMS s >", "XREAD GROUP g a STREAMS s 0",
                "XREAD NOACK STREAMS s 0", "XREAD COUNT 2 STREAMS s s 0 2-1", "XREAD STREAMS s $", "XREAD STREAMS s 9",
                "XREAD STREAMS nokey 0", "XREAD COUNT x STREAMS s 0", "XREAD BLOCK -1 STREAMS s 0",
                "XREAD BLOCK x STREAMS s 0", "XREAD BLOCK 0 STREAMS s 0", "XINFO GROUPS s",
                "XPENDING s g", "XPENDING s g - + 10", "XPENDING s g - + 10 alice", "XPENDING s g - + 10 nobody",
                "XPENDING s g (1-1 (4-1 1", "XPENDING s g IDLE 0 - + 10", "XPENDING s g IDLE x - + 10",
                "XPENDING s g - +", "XPENDING s nog", "XPENDING nokey g", "XPENDING s g x + 10",
                "XACK s g 1-1 9-9", "XACK s g 1-1", "XACK s nog 1-1", "XACK nokey g 1-1", "XACK s g bad",
                "XCLAIM s g carol 0 2-1", "XCLAIM s g carol 0 3-1 JUSTID", "XCLAIM s g carol 0 3-1 RETRYCOUNT 7 IDLE 100",
                "XCLAIM s g dave 3600000 2-1", "XCLAIM s g dave 0 1-1", "XCLAIM s g dave 0 1-1 FORCE",
                "XCLAIM s g dave 0 9-9 FORCE", "XCLAIM s g dave 0 2-1 LASTID 8-0", "XCLAIM s g dave 0 LASTID 9-0",
                "XCLAIM s g dave x 2-1", "XCLAIM s g dave 0 2-1 BOGUS", "XCLAIM s g dave 0 2-1 IDLE x",
                "XCLAIM s nog dave 0 2-1", "XINFO GROUPS s", "XINFO CONSUMERS s g", "XINFO CONSUMERS s nog",
                "XDEL s 2-1", "XAUTOCLAIM s g erin 0 0 COUNT 1", "XAUTOCLAIM s g erin 0 0 COUNT 10 JUSTID",
                "XAUTOCLAIM s g erin 0 (1-1", "XAUTOCLAIM s g erin 0 0 COUNT 0", "XAUTOCLAIM s g erin x 0",
                "XAUTOCLAIM s g erin 0 0 FOO", "XAUTOCLAIM s nog erin 0 0",
                "XREADGROUP GROUP g2 frank NOACK STREAMS s >", "XREADGROUP GROUP g2 frank NOACK STREAMS s >",
                "XADD s 10-1 z 26", "XREADGROUP GROUP g2 gina NOACK COUNT 5 STREAMS s >",
                "XGROUP SETID s g2 0", "XGROUP SETID s g2 $ ENTRIESREAD 3", "XGROUP SETID s g2 1 ENTRIESREAD -3",
                "XGROUP SETID s g2 - ENTRIESREAD 0", "XINFO GROUPS s", "XGROUP CREATECONSUMER s g2 frank",
                "XGROUP CREATECONSUMER s g2 hank", "XGROUP DELCONSUMER s g carol", "XGROUP DELCONSUMER s g nobody",
                "XINFO STREAM s FULL", "XINFO STREAM s FULL COUNT 1", "XINFO STREAM s FULL COUNT", "XINFO STREAM s FOO",
                "XINFO STREAM nokey", "XINFO STREAM str", "XINFO HELP", "XINFO FOO", "XINFO GROUPS",
                "XGROUP DESTROY s g2", "XGROUP DESTROY s g2", "XINFO GROUPS s", "MULTI",
                "XREADGROUP GROUP g z BLOCK 100 STREAMS s >", "EXEC"), protocol);
    }
}
