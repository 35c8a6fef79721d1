/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * XREAD and XREADGROUP with BLOCK on the generic blocking facility, as blocked.c's
 * serveClientsBlockedOnStreamKey and unblockDeletedStreamReadgroupClients in Redis 7.0.15:
 * a one-key reply from the key that became ready, {@code $} resolved at block time, {@code >}
 * re-read from the group on each wake-up, a served XREADGROUP propagated as its immediate form
 * (XCLAIM per entry and XGROUP SETID), NOGROUP and UNBLOCKED errors.
 */
class StreamBlockingTest {
    private final ManualClock clock = new ManualClock(1_000_000);
    private Keyspace ks;
    private UnitRecordingSink sink;
    private final ClientState writer = ClientState.client();

    @BeforeEach
    void setUp() {
        ks = new Keyspace(16, clock, CommandTable.standard());
        sink = new UnitRecordingSink();
        ks.propagationSink(sink);
    }

    private static ClientState blocker() {
        ClientState c = ClientState.client();
        c.blockingAllowed(true);
        return c;
    }

    private BlockedClient block(ClientState c, String... argv) {
        CommandResult r = ks.execute(c, argv);
        BlockedClient b = c.takeJustBlocked();
        assertTrue(b != null, "did not block: " + BlockingKeysTest.render(r.reply()));
        assertFalse(b.reply().isDone());
        return b;
    }

    private static String served(BlockedClient b) {
        assertTrue(b.reply().isDone(), "not served");
        return BlockingKeysTest.render(b.reply().join());
    }

    @Test
    void xreadDollarWaitsForEntriesAddedAfterItBlockedAndGetsOnlyTheReadyKey() {
        ks.execute(writer, "XADD", "s", "1-1", "a", "1");
        BlockedClient b = block(blocker(), "XREAD", "BLOCK", "0", "STREAMS", "other", "s", "$", "$");
        assertEquals(1, ks.blocking().blockedClients());
        ks.execute(writer, "XADD", "s", "2-1", "b", "2");
        assertEquals("[[s,[[2-1,[b,2]]]]]", served(b));
        assertEquals(0, ks.blocking().blockedClients());
    }

    @Test
    void aNewStreamKeyWakesTheClientAndCountLimitsTheReply() {
        BlockedClient b = block(blocker(), "XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "s", "0-0");
        ks.execute(writer, "XADD", "s", "1-1", "a", "1");
        assertEquals("[[s,[[1-1,[a,1]]]]]", served(b));
    }

    @Test
    void anXaddBelowTheBlockedIdKeepsTheClientWaiting() {
        ks.execute(writer, "XADD", "s", "5-0", "a", "1");
        BlockedClient b = block(blocker(), "XREAD", "BLOCK", "0", "STREAMS", "s", "9-0");
        ks.execute(writer, "XADD", "s", "7-0", "a", "2");
        assertFalse(b.reply().isDone());
        ks.execute(writer, "XADD", "s", "10-0", "a", "3");
        assertEquals("[[s,[[10-0,[a,3]]]]]", served(b));
    }

    @Test
    void servedXreadgroupDeliversToTheConsumerAndPropagatesLikeAnImmediateRead() {
        ks.execute(writer, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        BlockedClient first = block(blocker(), "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">");
        BlockedClient second = block(blocker(), "XREADGROUP", "GROUP", "g", "bob", "BLOCK", "0", "STREAMS", "s", ">");
        sink.units.clear();
        ks.execute(writer, "XADD", "s", "1-1", "a", "1");
        assertEquals("[[s,[[1-1,[a,1]]]]]", served(first));
        // alice took the only entry: the group's last ID moved, so bob waits for the next one.
        assertFalse(second.reply().isDone());
        assertEquals(2, sink.units.size());
        assertEquals(List.of("db0:XADD s 1-1 a 1"), sink.units.get(0));
        assertTrue(sink.units.get(1).get(0).startsWith("db0:XCLAIM s g alice 0 1-1 TIME "), sink.units.get(1).toString());
        assertEquals("1", BlockingKeysTest.render(ks.execute(writer, "XPENDING", "s", "g").reply()).split(",")[0]
                .replace("[", ""));
        ks.execute(writer, "XADD", "s", "2-1", "b", "2");
        assertEquals("[[s,[[2-1,[b,2]]]]]", served(second));
    }

    @Test
    void aDestroyedGroupAndADeletedOrReplacedKeyAnswerRedisErrors() {
        ks.execute(writer, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        ks.execute(writer, "XGROUP", "CREATE", "t", "g", "$", "MKSTREAM");
        ks.execute(writer, "XGROUP", "CREATE", "u", "g", "$", "MKSTREAM");
        BlockedClient onDestroyed = block(blocker(), "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
        BlockedClient onDeleted = block(blocker(), "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "t", ">");
        BlockedClient onReplaced = block(blocker(), "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "u", ">");
        BlockedClient plainReader = block(blocker(), "XREAD", "BLOCK", "0", "STREAMS", "t", "$");
        ks.execute(writer, "XGROUP", "DESTROY", "s", "g");
        assertEquals("-NOGROUP the consumer group this client was blocked on no longer exists", served(onDestroyed));
        ks.execute(writer, "DEL", "t");
        assertEquals("-UNBLOCKED the stream key no longer exists", served(onDeleted));
        assertFalse(plainReader.reply().isDone()); // XREAD clients wait for the key to come back
        ks.execute(writer, "SET", "u", "x");
        assertEquals("-UNBLOCKED the stream key no longer exists", served(onReplaced));
        ks.execute(writer, "XADD", "t", "1-1", "a", "1");
        assertEquals("[[t,[[1-1,[a,1]]]]]", served(plainReader));
    }

    @Test
    void flushingTheDatabaseUnblocksXreadgroupClients() {
        ks.execute(writer, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        BlockedClient b = block(blocker(), "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
        ks.execute(writer, "FLUSHALL");
        assertEquals("-UNBLOCKED the stream key no longer exists", served(b));
    }

    @Test
    void timeoutsAnswerTheNullArray() {
        BlockedClient b = block(blocker(), "XREAD", "BLOCK", "50", "STREAMS", "s", "$");
        assertFalse(ks.blocking().timeOut(b));
        clock.advance(51);
        assertTrue(ks.blocking().timeOut(b));
        assertEquals(Reply.NULL_ARRAY, b.reply().join());
        assertEquals(0, ks.blocking().blockedClients());
    }

    @Test
    void xreadIsServedOnAClientThatCannotWaitAsOnTimeout() {
        ClientState embedded = ClientState.client();
        assertEquals(Reply.NULL_ARRAY, ks.execute(embedded, "XREAD", "BLOCK", "0", "STREAMS", "s", "$").reply());
        assertEquals(0, ks.blocking().blockedClients());
    }
}
