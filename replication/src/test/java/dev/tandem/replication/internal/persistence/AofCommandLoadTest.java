/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.reply.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay of a file of commands, with buffers small enough that every header, argument and
 * CRLF crosses a refill somewhere: the same data and the same valid-up-to offsets whatever the
 * buffer size.
 */
class AofCommandLoadTest {

    @TempDir
    Path dir;

    private static final int[] BUFFERS = {130, 131, 137, 256, AofReader.BUFFER_SIZE};
    /** For the loops over many cuts: a refill-heavy size and a roomy one. */
    private static final int[] FEW = {131, 4096};

    private static String cmd(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    private Path file(String content) throws IOException {
        Path p = Files.createTempFile(dir, "incr", ".aof");
        Files.write(p, content.getBytes(StandardCharsets.ISO_8859_1));
        return p;
    }

    private static String get(Keyspace ks, int db, String key) {
        ClientState c = ClientState.master();
        c.select(db);
        Reply r = ks.execute(c, "GET", key).reply();
        return r instanceof Reply.BulkReply b ? new String(b.bytes(), StandardCharsets.ISO_8859_1) : null;
    }

    @Test
    void replaysSelectsAnnotationsTransactionsAndLargeArguments() throws IOException {
        String big = "x".repeat(1000); // larger than the small buffers: read straight from the channel
        String content = cmd("SELECT", "0") + cmd("set", "a", "1") + "#TS:1700000000\r\n"
                + cmd("SET", "big", big) + cmd("select", "3") + cmd("SET", "b", "2")
                + cmd("MULTI") + cmd("SET", "c", "3") + cmd("INCR", "c") + cmd("EXEC")
                + cmd("exec") + cmd("SET", "d", "ok");
        Path p = file(content);
        for (int size : BUFFERS) {
            Keyspace ks = new Keyspace();
            AofCommandLoad.Result r = new AofCommandLoad(ks, size).load(p);
            assertEquals(AofCommandLoad.Status.OK, r.status(), "buffer " + size);
            assertEquals(content.length(), r.validUpTo(), "buffer " + size);
            assertEquals("1", get(ks, 0, "a"));
            assertEquals(big, get(ks, 0, "big"));
            assertEquals("2", get(ks, 3, "b"));
            assertEquals("4", get(ks, 3, "c"));
            assertEquals("ok", get(ks, 3, "d"));
        }
    }

    @Test
    void aTornTailEndsAtTheLastCompleteCommandAndAnUnfinishedTransactionIsNotApplied() throws IOException {
        String whole = cmd("SET", "a", "1") + cmd("SET", "b", "2");
        String multi = cmd("MULTI") + cmd("SET", "c", "3");
        String full = whole + multi + cmd("EXEC");
        // Every cut inside the transaction keeps what came before it and nothing of it.
        for (int cut = whole.length() + 1; cut < full.length(); cut++) {
            Path p = file(full.substring(0, cut));
            for (int size : FEW) {
                Keyspace ks = new Keyspace();
                AofCommandLoad.Result r = new AofCommandLoad(ks, size).load(p);
                assertEquals(AofCommandLoad.Status.TRUNCATED, r.status(), "cut " + cut + " buffer " + size);
                assertEquals(whole.length(), r.validUpTo(), "cut " + cut);
                assertEquals("2", get(ks, 0, "b"));
                assertNull(get(ks, 0, "c"));
            }
        }
        // A cut inside a plain command ends at the command before it.
        for (int cut = cmd("SET", "a", "1").length() + 1; cut < whole.length(); cut++) {
            Keyspace ks = new Keyspace();
            AofCommandLoad.Result r = new AofCommandLoad(ks, 131).load(file(whole.substring(0, cut)));
            assertEquals(AofCommandLoad.Status.TRUNCATED, r.status());
            assertEquals(cmd("SET", "a", "1").length(), r.validUpTo());
        }
    }

    @Test
    void malformedInputIsAFormatErrorAtTheLastGoodCommand() throws IOException {
        String good = cmd("SET", "a", "1");
        for (String bad : new String[] {"?junk\r\n", "*x\r\n", "*0\r\n", "*1\r\n+OK\r\n", "*1\r\n$-5\r\n",
                "*1\r\n$3\r\nabcXY", "*" + "9".repeat(30) + "\r\n", "*1\r\n$99999999999\r\n"}) {
            for (int size : FEW) {
                AofCommandLoad.Result r = new AofCommandLoad(new Keyspace(), size).load(file(good + bad));
                assertEquals(AofCommandLoad.Status.FORMAT_ERROR, r.status(), Arrays.toString(bad.getBytes()));
                assertEquals(good.length(), r.validUpTo());
            }
        }
    }

    @Test
    void anUnknownCommandAndABadSelectRefuseTheLoad() throws IOException {
        assertThrows(AofCommandLoad.UnknownCommandException.class,
                () -> new AofCommandLoad(new Keyspace()).load(file(cmd("NOSUCHCMD", "a"))));
        IOException e = assertThrows(IOException.class,
                () -> new AofCommandLoad(new Keyspace()).load(file(cmd("SELECT", "99"))));
        assertEquals("Error executing command SELECT: ERR DB index is out of range", e.getMessage());
    }

    @Test
    void manyCommandsSpanSeveralLockBatches() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = AofCommandLoad.BATCH * 3 + 7;
        for (int i = 0; i < n; i++) {
            out.writeBytes(cmd("SET", "k" + i, "v" + i).getBytes(StandardCharsets.ISO_8859_1));
        }
        Keyspace ks = new Keyspace();
        AofCommandLoad.Result r = new AofCommandLoad(ks, 4096).load(file(out.toString(StandardCharsets.ISO_8859_1)));
        assertEquals(AofCommandLoad.Status.OK, r.status());
        assertEquals(n, r.commands());
        assertEquals("v" + (n - 1), get(ks, 0, "k" + (n - 1)));
        assertEquals(0, ks.lock().getWriteHoldCount());
    }
}
