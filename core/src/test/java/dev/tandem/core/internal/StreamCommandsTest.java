/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stream behaviour that transcripts cannot show: generated IDs from the clock, keyspace
 * notifications, the BLOCK entry point, commands from the master, WATCH, and approximate
 * trimming over Redis's node boundaries (the expectations are redis-server 7.0.15's, from its
 * own test suite where it has them).
 */
class StreamCommandsTest {
    private final KeyspaceFixture ks = new KeyspaceFixture();

    @Test
    void starIdsComeFromTheClockAndNeverGoBack() {
        String now = Long.toString(KeyspaceFixture.START);
        ks.exec("XADD", "s", "*", "a", "1").isBulk(now + "-0").propagates("XADD s " + now + "-0 a 1");
        ks.exec("XADD", "s", "*", "a", "2").isBulk(now + "-1");
        ks.exec("XADD", "s", "NOMKSTREAM", "MAXLEN", "~", "5", "*", "a", "3").isBulk(now + "-2")
                .propagates("XADD s NOMKSTREAM MAXLEN = 3 " + now + "-2 a 3");
        ks.clock.advance(-1000); // a clock going back: the sequence goes on
        ks.exec("XADD", "s", "*", "a", "4").isBulk(now + "-3");
        ks.clock.advance(2000);
        ks.exec("XADD", "s", "*", "a", "5").isBulk((KeyspaceFixture.START + 1000) + "-0");
    }

    @Test
    void notificationsAsRedisEmitsThem() {
        List<String> events = new ArrayList<>();
        ks.keyspace.notifier((db, event, key) -> events.add(new String(event, StandardCharsets.UTF_8)));
        ks.keyspace.notifyFlags(NotifyFlags.parse("Et"));
        ks.exec("XADD", "s", "MAXLEN", "1", "1-1", "a", "1");
        ks.exec("XADD", "s", "MAXLEN", "1", "2-1", "a", "1");
        ks.exec("XDEL", "s", "2-1");
        ks.exec("XDEL", "s", "2-1"); // nothing deleted: no event
        ks.exec("XADD", "s", "3-1", "a", "1");
        ks.exec("XTRIM", "s", "MAXLEN", "0");
        ks.exec("XSETID", "s", "5-0");
        ks.exec("XGROUP", "CREATE", "s", "g", "$");
        ks.exec("XGROUP", "CREATE", "t", "g", "$", "MKSTREAM");
        ks.exec("XGROUP", "CREATECONSUMER", "s", "g", "c");
        ks.exec("XGROUP", "SETID", "s", "g", "0");
        ks.exec("XADD", "s", "6-0", "a", "1");
        ks.exec("XREADGROUP", "GROUP", "g", "d", "STREAMS", "s", ">");
        ks.exec("XCLAIM", "s", "g", "e", "0", "6-0");
        ks.exec("XGROUP", "DELCONSUMER", "s", "g", "d");
        ks.exec("XGROUP", "DESTROY", "s", "g");
        assertEquals(List.of("xadd", "xadd", "xtrim", "xdel", "xadd", "xtrim", "xsetid", "xgroup-create",
                "xgroup-create", "xgroup-createconsumer", "xgroup-setid", "xadd", "xgroup-createconsumer",
                "xgroup-createconsumer", "xgroup-delconsumer", "xgroup-destroy"), events);
    }

    @Test
    void blockWithNothingToServeAnswersAsOnTimeoutForAClientThatCannotWait() {
        ks.exec("XADD", "s", "1-1", "a", "1");
        ks.exec("XGROUP", "CREATE", "s", "g", "$");
        // This fixture's client cannot wait (as an embedded caller): Redis's CLIENT_DENY_BLOCKING
        // answer; blocking itself is StreamBlockingTest's.
        ks.exec("XREAD", "BLOCK", "0", "STREAMS", "s", "$").is(Reply.NULL_ARRAY);
        ks.exec("XREADGROUP", "GROUP", "g", "c", "BLOCK", "100", "STREAMS", "s", ">")
                .is(Reply.NULL_ARRAY).propagatesNothing();
        // Data available: served at once, BLOCK or not.
        ks.exec("XREAD", "BLOCK", "0", "STREAMS", "s", "0").is(Reply.array(List.of(Reply.array(List.of(
                Reply.bulk("s"), Reply.array(List.of(Reply.array(List.of(Reply.bulk("1-1"),
                        Reply.array(List.of(Reply.bulk("a"), Reply.bulk("1"))))))))))));
        ks.exec("XREAD", "BLOCK", "-1", "STREAMS", "s", "$").isError("ERR timeout is negative");
        ks.exec("XREAD", "BLOCK", "1.5", "STREAMS", "s", "$").isError("ERR timeout is not an integer or out of range");
        ks.exec("XREAD", "BLOCK", Long.toString(Long.MAX_VALUE), "STREAMS", "s", "$")
                .isError("ERR timeout is out of range");
        // Inside MULTI a client may not block: the reply is the timeout's, as in Redis.
        ks.exec("MULTI");
        ks.exec("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
        ks.exec("EXEC").is(Reply.array(List.of(Reply.NULL_ARRAY)));
    }

    @Test
    void theMastersTrimsApplyWithoutLimitChecks() {
        ClientState master = ClientState.master();
        for (int i = 1; i <= 10; i++) {
            ks.exec(master, "XADD", "s", i + "-0", "a", "b");
        }
        // What Redis propagates for XADD ... MAXLEN ~ n LIMIT l: "=" with LIMIT still there.
        ks.exec(master, "XADD", "s", "MAXLEN", "=", "4", "LIMIT", "2", "11-0", "a", "b").isBulk("11-0");
        ks.exec("XLEN", "s").isInteger(4);
        ks.exec("XADD", "s", "MAXLEN", "=", "4", "LIMIT", "2", "12-0", "a", "b")
                .isError("ERR syntax error, LIMIT cannot be used without the special ~ option");
    }

    @Test
    void anXaddInvalidatesWatchesAndAFailedOneDoesNot() {
        ks.exec("XADD", "s", "5-0", "a", "b");
        ClientState other = ClientState.client();
        ks.exec("WATCH", "s");
        ks.exec(other, "XADD", "s", "1-0", "a", "b").isErrorStartingWith("ERR The ID specified in XADD");
        ks.exec("MULTI");
        ks.exec("XLEN", "s");
        ks.exec("EXEC").is(Reply.array(List.of(Reply.integer(1))));
        ks.exec("WATCH", "s");
        ks.exec(other, "XADD", "s", "6-0", "a", "b");
        ks.exec("MULTI");
        ks.exec("XLEN", "s");
        ks.exec("EXEC").is(Reply.NULL_ARRAY);
    }

    /** unit/type/stream "XADD with MAXLEN option and the '~' argument": whole nodes of 100 go. */
    @Test
    void approximateMaxlenKeepsWholeNodes() {
        for (int j = 0; j < 1000; j++) {
            ks.exec("XADD", "s", "MAXLEN", "~", "555", (j + 1) + "-0", j % 10 == 0 ? "yitem" : "xitem",
                    Integer.toString(j));
        }
        ks.exec("XLEN", "s").isInteger(600);
        // "XTRIM with ~ MAXLEN can propagate correctly": a trim that removes nothing says so.
        ks.exec("XTRIM", "s", "MAXLEN", "~", "550").isInteger(0).propagatesNothing();
        ks.exec("XTRIM", "s", "MAXLEN", "~", "450").isInteger(100).propagates("XTRIM s MAXLEN = 500");
        ks.exec("XTRIM", "s", "MINID", "~", "750", "LIMIT", "100").isInteger(100)
                .propagates("XTRIM s MINID = 601-0 LIMIT 100");
        ks.exec("XTRIM", "s", "MINID", "~", "750", "LIMIT", "99").isInteger(0);
    }

    /** A deletion before any trim builds the node model with the deleted entry in its node. */
    @Test
    void nodesSurviveAFirstDeletion() {
        for (int j = 1; j <= 250; j++) {
            ks.exec("XADD", "s", j + "-0", "f", "v");
        }
        ks.exec("XDEL", "s", "150-0").isInteger(1);
        ks.exec("XTRIM", "s", "MAXLEN", "~", "100").isInteger(100);
        ks.exec("XTRIM", "s", "MAXLEN", "~", "40").isInteger(99);
        ks.exec("XLEN", "s").isInteger(50);
        ks.exec("XRANGE", "s", "-", "+", "COUNT", "1").is(Reply.array(List.of(Reply.array(List.of(
                Reply.bulk("201-0"), Reply.array(List.of(Reply.bulk("f"), Reply.bulk("v"))))))));
    }
}
