/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The blocking facility without a network: who blocks, FIFO service, what a served client's unit
 * propagates (Redis 7.0.15's serveClientBlockedOnList / serveClientsBlockedOnSortedSetKey argv),
 * timeouts, withdrawal, MULTI and the wake-up sources (dbAdd, SWAPDB, a BLMOVE's push).
 */
class BlockingKeysTest {
    private final ManualClock clock = new ManualClock(1_000_000);
    private Keyspace ks;
    private UnitRecordingSink sink;
    private final List<String> events = new ArrayList<>();
    private final ClientState writer = ClientState.client();

    @BeforeEach
    void setUp() {
        ks = new Keyspace(16, clock, CommandTable.standard());
        sink = new UnitRecordingSink();
        ks.propagationSink(sink);
        ks.notifyFlags(NotifyFlags.parse("KEA"));
        ks.notifier((db, event, key) -> events.add(str(event) + ":" + str(key)));
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private ClientState blocker() {
        ClientState c = ClientState.client();
        c.blockingAllowed(true);
        return c;
    }

    /** Runs a command that must block; returns its pending request. */
    private BlockedClient block(ClientState c, String... argv) {
        CommandResult r = ks.execute(c, argv);
        BlockedClient b = c.takeJustBlocked();
        assertTrue(b != null, "did not block: " + render(r.reply()));
        assertFalse(b.reply().isDone());
        return b;
    }

    static String render(Reply r) {
        if (r instanceof Reply.BulkReply b) {
            return str(b.bytes());
        }
        if (r instanceof Reply.ArrayReply a) {
            return a.items().stream().map(BlockingKeysTest::render).collect(Collectors.joining(",", "[", "]"));
        }
        if (r instanceof Reply.DoubleReply d) {
            return Double.toString(d.value());
        }
        if (r instanceof Reply.IntegerReply i) {
            return Long.toString(i.value());
        }
        if (r instanceof Reply.ErrorReply e) {
            return "-" + e.text();
        }
        return r.getClass().getSimpleName();
    }

    private static String served(BlockedClient b) {
        assertTrue(b.reply().isDone(), "not served");
        return render(b.reply().join());
    }

    @Test
    void clientsAreServedFirstBlockedFirstAndEachPopPropagatesAsItsNonBlockingForm() {
        BlockedClient first = block(blocker(), "BLPOP", "a", "b", "0");
        BlockedClient second = block(blocker(), "BRPOP", "b", "0");
        BlockedClient third = block(blocker(), "BLPOP", "b", "0");
        assertEquals(3, ks.blocking().blockedClients());
        assertEquals(List.of(), sink.units);

        ks.execute(writer, "RPUSH", "b", "x", "y");
        assertEquals("[b,x]", served(first));
        assertEquals("[b,y]", served(second));
        assertFalse(third.reply().isDone()); // the list is gone: the third waits on
        assertEquals(List.of(List.of("db0:RPUSH b x y"), List.of("db0:LPOP b"), List.of("db0:RPOP b")), sink.units);
        assertEquals(List.of("rpush:b", "lpop:b", "rpop:b", "del:b"), events);
        assertEquals(1, ks.blocking().blockedClients());
        assertNull(first.client().blocked());
        assertSame(third, third.client().blocked());
    }

    @Test
    void withDataTheBlockingFormsAnswerAtOnceAndPropagateAsRedisRewritesThem() {
        ClientState c = blocker();
        ks.execute(writer, "RPUSH", "l", "1", "2", "3", "4");
        ks.execute(writer, "ZADD", "z", "1", "a", "2", "b", "3", "c");
        sink.units.clear();
        assertEquals("[l,1]", render(ks.execute(c, "BLPOP", "none", "l", "0").reply()));
        assertEquals("[l,4]", render(ks.execute(c, "BRPOP", "l", "0").reply()));
        assertEquals("2", render(ks.execute(c, "BLMOVE", "l", "m", "LEFT", "Right", "0").reply()));
        assertEquals("3", render(ks.execute(c, "BRPOPLPUSH", "l", "m", "0").reply()));
        assertEquals("[m,[3,2]]", render(ks.execute(c, "BLMPOP", "0", "2", "x", "m", "LEFT", "COUNT", "5").reply()));
        assertEquals("[z,a,1.0]", render(ks.execute(c, "BZPOPMIN", "z", "0").reply()));
        assertEquals("[z,[[c,3.0],[b,2.0]]]", render(ks.execute(c, "BZMPOP", "0", "1", "z", "MAX", "COUNT", "9").reply()));
        assertEquals(List.of(List.of("db0:LPOP l"), List.of("db0:RPOP l"), List.of("db0:LMOVE l m LEFT Right"),
                List.of("db0:RPOPLPUSH l m"), List.of("db0:LPOP m 2"), List.of("db0:ZPOPMIN z"),
                List.of("db0:ZPOPMAX z 2")), sink.units);
        assertNull(c.takeJustBlocked());
    }

    @Test
    void servedMovesAndCountedPopsPropagateRedisServedForms() {
        BlockedClient move = block(blocker(), "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
        BlockedClient chained = block(blocker(), "BLPOP", "dst", "0"); // woken by the served move's push
        BlockedClient rpoplpush = block(blocker(), "BRPOPLPUSH", "src2", "dst", "0");
        BlockedClient mpop = block(blocker(), "BLMPOP", "0", "1", "src3", "RIGHT", "COUNT", "10");
        BlockedClient zmin = block(blocker(), "BZPOPMIN", "z", "0");
        BlockedClient zmpop = block(blocker(), "BZMPOP", "0", "1", "z", "MIN", "COUNT", "10");
        ks.execute(writer, "RPUSH", "src", "a", "b");
        assertEquals("b", served(move));
        assertEquals("[dst,b]", served(chained));
        ks.execute(writer, "RPUSH", "src2", "c");
        assertEquals("c", served(rpoplpush));
        ks.execute(writer, "RPUSH", "src3", "1", "2", "3");
        assertEquals("[src3,[3,2,1]]", served(mpop));
        ks.execute(writer, "ZADD", "z", "1", "m1", "2", "m2", "3", "m3");
        assertEquals("[z,m1,1.0]", served(zmin));
        assertEquals("[z,[[m2,2.0],[m3,3.0]]]", served(zmpop));
        assertEquals(List.of(List.of("db0:RPUSH src a b"), List.of("db0:LMOVE src dst right left"),
                List.of("db0:LPOP dst"), List.of("db0:RPUSH src2 c"), List.of("db0:RPOPLPUSH src2 dst"),
                List.of("db0:RPUSH src3 1 2 3"), List.of("db0:RPOP src3 3"),
                List.of("db0:ZADD z 1 m1 2 m2 3 m3"), List.of("db0:ZPOPMIN z"), List.of("db0:ZPOPMIN z 2")), sink.units);
        assertEquals(0, ks.blocking().blockedClients());
    }

    @Test
    void insideMultiAndForClientsThatCannotWaitTheyAnswerAsOnTimeout() {
        ClientState c = blocker();
        ks.execute(c, "MULTI");
        ks.execute(c, "BLPOP", "a", "0");
        ks.execute(c, "BLMOVE", "a", "b", "LEFT", "LEFT", "0");
        ks.execute(c, "BZPOPMAX", "z", "0");
        Reply exec = ks.execute(c, "EXEC").reply();
        assertEquals(List.of(Reply.NULL_ARRAY, Reply.NULL, Reply.NULL_ARRAY), ((Reply.ArrayReply) exec).items());
        assertNull(c.takeJustBlocked());
        // An embedded caller (blocking not allowed) gets the same at once.
        assertSame(Reply.NULL_ARRAY, ks.execute(ClientState.client(), "BRPOP", "a", "0").reply());
        assertEquals(0, ks.blocking().blockedClients());
    }

    @Test
    void aPushInsideMultiServesTheBlockedClientAfterTheWholeTransaction() {
        BlockedClient b = block(blocker(), "BLPOP", "k", "0");
        ks.execute(writer, "MULTI");
        ks.execute(writer, "LPUSH", "k", "1");
        ks.execute(writer, "LPUSH", "k", "2");
        ks.execute(writer, "LPOP", "k");
        ks.execute(writer, "EXEC");
        assertEquals("[k,1]", served(b));
        assertEquals(List.of(List.of("db0:MULTI", "db0:LPUSH k 1", "db0:LPUSH k 2", "db0:LPOP k", "db0:EXEC"),
                List.of("db0:LPOP k")), sink.units);
    }

    @Test
    void timeoutsWithdrawAndReplyTheNullArray() {
        BlockedClient b = block(blocker(), "BLPOP", "k", "1.5");
        assertEquals(1_000_000 + 1500, b.deadlineMillis());
        assertEquals(1, ks.blocking().clientsWithTimeout());
        clock.advance(1499);
        assertFalse(ks.blocking().timeOut(b));
        clock.advance(1);
        assertTrue(ks.blocking().timeOut(b));
        assertSame(Reply.NULL_ARRAY, b.reply().join());
        assertEquals(0, ks.blocking().clientsWithTimeout());
        ks.execute(writer, "LPUSH", "k", "v");
        assertEquals(List.of(List.of("db0:LPUSH k v")), sink.units); // nobody popped it
        BlockedClient tiny = block(blocker(), "BLPOP", "k2", "0.0001");
        assertEquals(1_000_000 + 1500 + 1, tiny.deadlineMillis()); // ceil(0.1 ms)
        assertEquals(0, block(blocker(), "BLPOP", "k2", "-0.0001").deadlineMillis()); // ceil(-0.1) = 0: forever
    }

    @Test
    void timeoutErrorsAreRedisTexts() {
        ClientState c = blocker();
        assertEquals("-ERR timeout is negative", render(ks.execute(c, "BLPOP", "k", "-1").reply()));
        assertEquals("-ERR timeout is negative", render(ks.execute(c, "BLPOP", "k", "inf").reply()));
        assertEquals("-ERR timeout is negative", render(ks.execute(c, "BZPOPMIN", "k", "1e30").reply()));
        assertEquals("-ERR timeout is not a float or out of range", render(ks.execute(c, "BLPOP", "k", "abc").reply()));
        assertEquals("-ERR timeout is not a float or out of range", render(ks.execute(c, "BRPOP", "k", " 1").reply()));
        assertEquals("-ERR timeout is not a float or out of range", render(ks.execute(c, "BLMOVE", "a", "b", "LEFT", "LEFT", "nan").reply()));
        assertEquals("-ERR syntax error", render(ks.execute(c, "BLMOVE", "a", "b", "UP", "LEFT", "x").reply()));
        assertEquals("-ERR numkeys should be greater than 0", render(ks.execute(c, "BLMPOP", "x", "0", "a", "LEFT").reply()));
        assertEquals("-ERR count should be greater than 0", render(ks.execute(c, "BZMPOP", "x", "1", "a", "MIN", "COUNT", "0").reply()));
        assertEquals("-ERR timeout is not a float or out of range", render(ks.execute(c, "BZMPOP", "x", "1", "a", "MIN").reply()));
        assertEquals("-ERR syntax error", render(ks.execute(c, "BLMPOP", "0", "2", "a", "LEFT").reply()));
        assertNull(c.takeJustBlocked());
    }

    @Test
    void wrongTypeAtBlockTimeAndKeysReplacedByAnotherTypeKeepTheClientBlocked() {
        ClientState c = blocker();
        ks.execute(writer, "SET", "s", "x");
        assertEquals("-" + RedisError.wrongType().text(), render(ks.execute(c, "BLPOP", "none", "s", "0").reply()));
        assertEquals("-" + RedisError.wrongType().text(), render(ks.execute(c, "BZPOPMIN", "s", "0").reply()));
        BlockedClient b = block(blocker(), "BLPOP", "k", "0");
        BlockedClient z = block(blocker(), "BZPOPMIN", "k", "0");
        ks.execute(writer, "SET", "k", "string");
        ks.execute(writer, "DEL", "k");
        ks.execute(writer, "ZADD", "k", "1", "m"); // a sorted set: only the BZPOPMIN client
        assertFalse(b.reply().isDone());
        assertEquals("[k,m,1.0]", served(z));
        ks.execute(writer, "RPUSH", "k", "e");
        assertEquals("[k,e]", served(b));
    }

    @Test
    void cancellingAWaitWithdrawsTheClient() {
        BlockedClient gone = block(blocker(), "BLPOP", "k", "0");
        BlockedClient next = block(blocker(), "BLPOP", "k", "0");
        gone.reply().cancel(false); // the connection closed
        assertEquals(1, ks.blocking().blockedClients());
        ks.execute(writer, "RPUSH", "k", "v");
        assertEquals("[k,v]", served(next));
        assertTrue(ks.blocking().unblock(block(blocker(), "BLPOP", "k", "0"), Reply.error("UNBLOCKED x")));
        assertEquals(0, ks.blocking().blockedClients());
    }

    @Test
    void renameMoveSwapdbAndOtherDatabasesWakeAsRedisSignals() {
        BlockedClient onRenamed = block(blocker(), "BLPOP", "target", "0");
        ks.execute(writer, "RPUSH", "tmp", "r");
        ks.execute(writer, "RENAME", "tmp", "target");
        assertEquals("[target,r]", served(onRenamed));

        ClientState inDb1 = blocker();
        ks.execute(inDb1, "SELECT", "1");
        BlockedClient db1 = block(inDb1, "BLPOP", "k", "0");
        ks.execute(writer, "RPUSH", "k", "db0"); // another database: no wake-up
        assertFalse(db1.reply().isDone());
        ks.execute(writer, "SWAPDB", "0", "1");
        assertEquals("[k,db0]", served(db1));
        assertEquals(List.of("db1:LPOP k"), sink.units.get(sink.units.size() - 1));
    }

    @Test
    void aReadyKeyFoundExpiredIsDeletedAsItsOwnUnitAndItsClientsStayBlocked() {
        // list.tcl "SWAPDB wants to wake blocked client, but the key already expired"
        ks.execute(writer, "SELECT", "1");
        ks.execute(writer, "RPUSH", "k", "hello");
        ks.execute(writer, "PEXPIRE", "k", "100");
        ClientState inDb9 = blocker();
        ks.execute(inDb9, "SELECT", "9");
        BlockedClient b = block(inDb9, "BRPOP", "k", "1");
        clock.advance(101);
        ks.execute(writer, "SWAPDB", "1", "9");
        assertFalse(b.reply().isDone());
        assertEquals(List.of(List.of("db1:SWAPDB 1 9"), List.of("db9:DEL k")),
                sink.units.subList(sink.units.size() - 2, sink.units.size()));
        assertEquals(1, ks.blocking().blockedClients());
    }
}
