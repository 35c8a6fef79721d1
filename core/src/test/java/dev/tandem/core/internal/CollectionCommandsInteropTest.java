/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tandem.core.interop.ServerReplies;
import dev.tandem.core.reply.Reply;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.ReplicationTap;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Differential test: every row of the list, hash and set command tables is run against Tandem
 * and against a real redis-server 7.0, and the two must agree on the reply, on the propagated
 * commands (read from the server's replication stream) and on the follow-up checks. The
 * expected column of the tables is not used here; this proves the tables themselves right.
 *
 * <p>TTLs are scaled for the real server ({@code @expire k N} is {@value #TIME_SCALE}·N ms
 * there) and its clock is awaited; active expiry is switched off so only lazy expiry acts.
 */
@Tag("interop")
@RequiresRedis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectionCommandsInteropTest {
    private static final int TIME_SCALE = 20;
    private static final String MARKER_CHANNEL = "tandem-interop-marker";

    private RedisServerProcess redis;
    private RespClient client;
    private ReplicationTap tap;
    private long markers;

    @BeforeAll
    void startRedis() throws Exception {
        redis = RedisServerProcess.builder().unixSocket().config("--repl-diskless-sync", "no").start();
        client = redis.client();
        assertEquals(Reply.OK, call("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
        tap = redis.tap();
    }

    @AfterAll
    void stopRedis() throws Exception {
        if (tap != null) {
            tap.close();
        }
        if (client != null) {
            client.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private Reply call(String... argv) throws IOException {
        return ServerReplies.toReply(client.call(argv));
    }

    record Row(String source, String setup, String command, String reply, String then) { }

    static List<Row> rows(Class<?> testClass) {
        List<Row> rows = new ArrayList<>();
        for (Method m : testClass.getDeclaredMethods()) {
            CsvSource csv = m.getAnnotation(CsvSource.class);
            if (csv == null) {
                continue;
            }
            for (String line : csv.textBlock().split("\n")) {
                String[] cols = line.split("\\|", -1);
                if (cols.length != 5 || cols[4].contains("TTL_CHECK")) {
                    continue;
                }
                rows.add(new Row(testClass.getSimpleName() + "." + m.getName(), cols[0].trim(),
                        cols[1].trim(), cols[2].trim(), cols[4].trim()));
            }
        }
        return rows;
    }

    @TestFactory
    Stream<DynamicTest> tandemAgreesWithRedis() {
        return Stream.of(ListCommandsTest.class, HashCommandsTest.class, SetCommandsTest.class,
                        BitmapCommandsTest.class, HyperLogLogCommandsTest.class,
                        GeoCommandsTest.class, SortCommandsTest.class)
                .flatMap(c -> rows(c).stream())
                .map(row -> DynamicTest.dynamicTest(row.source() + ": " + row.command(),
                        () -> assertTimeoutPreemptively(Duration.ofSeconds(20), () -> check(row))));
    }

    private void check(Row row) throws Exception {
        boolean sorted = row.reply().startsWith("sorted ");
        KeyspaceFixture tandem = new KeyspaceFixture();
        call("HELLO", "2");
        call("FLUSHALL");
        List<String> advances = new ArrayList<>();
        // A key that must outlive the row gets a far longer TTL on the real server, so a
        // scheduling delay on a loaded machine cannot expire it early; only rows that need
        // the key gone wait in real time.
        long totalAdvance = 0;
        long ttlInRow = Long.MAX_VALUE;
        for (String step : CommandRow.split(row.setup())) {
            String[] w = CommandRow.words(step);
            if (step.startsWith("@advance ")) {
                totalAdvance += Long.parseLong(w[1]);
            } else if (step.startsWith("@expire ")) {
                ttlInRow = Math.min(ttlInRow, Long.parseLong(w[2]));
            }
        }
        boolean keyOutlivesRow = totalAdvance <= ttlInRow;
        long expireSetAt = 0;
        long expireAfter = 0;
        for (String step : CommandRow.split(row.setup())) {
            String[] w = CommandRow.words(step);
            if (step.equals("@resp3")) {
                tandem.client.protocol(3);
                call("HELLO", "3");
            } else if (step.startsWith("@advance ")) {
                advances.add(w[1]);
            } else if (step.startsWith("@expire ")) {
                Entry e = tandem.keyspace.database(0).peek(Key.of(w[1]));
                tandem.keyspace.database(0).setExpire(e, tandem.clock.nowMillis()
                        + Long.parseLong(w[2]));
                expireSetAt = System.currentTimeMillis();
                expireAfter = Long.parseLong(w[2]);
                long scale = keyOutlivesRow ? TIME_SCALE * 1000L : TIME_SCALE;
                call("PEXPIRE", w[1], Long.toString(Long.parseLong(w[2]) * scale));
            } else {
                tandem.exec(w);
                call(w);
            }
        }
        publishMarkerAndRead();
        long advanced = 0;
        for (String adv : advances) {
            tandem.clock.advance(Long.parseLong(adv));
            advanced += Long.parseLong(adv);
            if (keyOutlivesRow) {
                continue;
            }
            // Up to the TTL itself the key must still live: stay half a unit short of it.
            long target = expireSetAt + advanced * TIME_SCALE
                    - (advanced <= expireAfter ? TIME_SCALE / 2 : 0);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> System.currentTimeMillis() > target);
        }

        String[] command = CommandRow.words(row.command());
        KeyspaceFixture.Outcome ours = tandem.exec(command);
        Reply theirs = call(command);
        int protocol = tandem.client.protocol();
        assertEquals(render(theirs, protocol, sorted),
                render(ours.reply(), protocol, sorted), "reply");
        List<String> theirProps = publishMarkerAndRead();
        List<String> ourProps = ours.result.propagated().stream().map(Propagated::render).toList();
        assertEquals(theirProps, ourProps, "propagated");

        for (String check : CommandRow.split(row.then())) {
            String cmd = check.substring(0, check.indexOf("=>")).trim();
            boolean sortCheck = check.substring(check.indexOf("=>") + 2).trim()
                    .startsWith("sorted ");
            String[] w = CommandRow.words(cmd);
            assertEquals(render(call(w), protocol, sortCheck),
                    render(tandem.exec(w).reply(), protocol, sortCheck), "then " + cmd);
        }
    }

    private List<String> publishMarkerAndRead() throws Exception {
        String marker = Long.toString(++markers);
        call("PUBLISH", MARKER_CHANNEL, marker);
        return tap.readUntilMarker(MARKER_CHANNEL, marker).stream()
                .filter(c -> !c.regionMatches(true, 0, "SELECT ", 0, 7)).toList();
    }

    /** What a client of {@code protocol} receives, rendered; RESP3-only types downgraded. */
    private static String render(Reply r, int protocol, boolean sorted) {
        Reply wire = ServerReplies.asSeenBy(r, protocol);
        return sorted ? CommandRow.renderSorted(wire) : CommandRow.render(wire);
    }
}
