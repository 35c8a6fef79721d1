package dev.tandem.core;

import org.junit.jupiter.api.Test;

class StringCommandsTest {
    private final KeyspaceFixture ks = new KeyspaceFixture();

    @Test
    void setThenGet() {
        ks.exec("set", "k", "v").isOk().propagates("set k v");
        ks.exec("GET", "k").isBulk("v").propagatesNothing();
        ks.exec("GET", "missing").isNull();
    }

    @Test
    void setRelativeExpiryPropagatesAbsolutePxat() {
        ks.exec("SET", "k", "v", "EX", "100").isOk()
                .propagates("SET k v PXAT " + (KeyspaceFixture.START + 100_000));
        ks.exec("SET", "k", "v", "px", "5", "GET").isBulk("v")
                .propagates("SET k v PXAT " + (KeyspaceFixture.START + 5));
    }

    @Test
    void setOptionsConflictIsSyntaxError() {
        ks.exec("SET", "k", "v", "NX", "XX").isError("ERR syntax error");
        ks.exec("SET", "k", "v", "EX", "10", "PX", "5").isError("ERR syntax error");
        ks.exec("SET", "k", "v", "KEEPTTL", "EX", "5").isError("ERR syntax error");
        ks.exec("SET", "k", "v", "EX", "0").isError("ERR invalid expire time in 'set' command");
        ks.exec("SET", "k", "v", "EX", "x").isError("ERR value is not an integer or out of range");
    }

    @Test
    void nxAndXx() {
        ks.exec("SET", "k", "v", "XX").isNull().propagatesNothing();
        ks.exec("SET", "k", "v", "NX").isOk();
        ks.exec("SET", "k", "w", "NX").isNull().propagatesNothing();
        ks.exec("GET", "k").isBulk("v");
    }

    @Test
    void lazyExpiryOnReadPropagatesBareDel() {
        ks.exec("SET", "k", "v", "PX", "10");
        ks.clock.advance(11);
        ks.exec("GET", "k").isNull().propagates("DEL k");
        ks.exec("EXISTS", "k").isInteger(0).propagatesNothing();
    }

    @Test
    void lazyExpiryInsideWriteIsWrappedInMulti() {
        ks.exec("SET", "k", "v", "PX", "10");
        ks.clock.advance(11);
        ks.exec("SET", "k", "w", "XX").isNull().propagates("DEL k");
        ks.exec("SET", "j", "v", "PX", "10");
        ks.clock.advance(11);
        ks.exec("SET", "j", "w").isOk().propagates("MULTI", "DEL j", "SET j w", "EXEC");
    }

    @Test
    void replicaHidesButNeverDeletesExpiredKeys() {
        ks.keyspace.expiryMode(ExpiryMode.REPLICA);
        ks.exec("SET", "k", "v", "PX", "10");
        ks.clock.advance(11);
        ks.exec("GET", "k").isNull().propagatesNothing();
        ClientState master = ClientState.master();
        ks.exec(master, "GET", "k").isBulk("v");
    }

    @Test
    void wrongTypeAndArity() {
        ks.exec("GET").isError("ERR wrong number of arguments for 'get' command");
        ks.exec("NOPE", "a", "b").isError("ERR unknown command 'NOPE', with args beginning with: 'a' 'b' ");
    }

    @Test
    void transactionWrapsSeveralWritesAndDropsReads() {
        ks.exec("MULTI").isOk();
        ks.exec("SET", "a", "1").is(dev.tandem.core.reply.Reply.QUEUED);
        ks.exec("GET", "a");
        ks.exec("SET", "b", "2");
        ks.exec("EXEC").is(KeyspaceFixture.replies("+OK", "1", "+OK"))
                .propagates("MULTI", "SET a 1", "SET b 2", "EXEC");
        ks.exec("MULTI");
        ks.exec("SET", "a", "1");
        ks.exec("EXEC").propagates("SET a 1");
    }

    @Test
    void watchedKeyTouchedFailsExec() {
        ClientState other = ClientState.client();
        ks.exec("WATCH", "a").isOk();
        ks.exec(other, "SET", "a", "x");
        ks.exec("MULTI");
        ks.exec("SET", "a", "1");
        ks.exec("EXEC").is(dev.tandem.core.reply.Reply.NULL_ARRAY).propagatesNothing();
        ks.exec("GET", "a").isBulk("x");
    }

    @Test
    void queueErrorAbortsExec() {
        ks.exec("MULTI");
        ks.exec("SET", "a").isError("ERR wrong number of arguments for 'set' command");
        ks.exec("EXEC").isError("EXECABORT Transaction discarded because of previous errors.");
    }
}
