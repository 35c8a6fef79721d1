/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.tool;

import dev.tandem.core.internal.DatasetDigest;
import dev.tandem.core.Key;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.value.HashValue;
import dev.tandem.rdb.RdbFiles;
import dev.tandem.rdb.RdbKey;
import dev.tandem.rdb.RdbReader;
import dev.tandem.rdb.RdbSamplesAccess;
import dev.tandem.rdb.RdbTypes;
import dev.tandem.rdb.RdbVisitor;
import dev.tandem.rdb.internal.codec.ListpackBuilder;
import dev.tandem.rdb.datasets.KeyspaceComparison;
import dev.tandem.rdb.datasets.TestRdb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rdb rewrite IN OUT}: same data, version 9 types only, and a note for everything dropped. */
class RewriteCommandTest {
    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RdbTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Set<Integer> typesIn(Path file) throws Exception {
        Set<Integer> types = new HashSet<>();
        RdbReader reader = RdbReader.read(file, new RdbVisitor() {
            @Override
            public void onKeyBegin(RdbKey key) {
                types.add(key.rdbType());
            }
        });
        assertEquals(9, reader.version());
        return types;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v10_strings_small.rdb", "v10_large.rdb", "v10_stream_multidb_lfu_nochecksum.rdb"})
    void samplesRewriteToVersionNineWithTheSameData(String sample) throws Exception {
        Path in = RdbSamplesAccess.path(sample);
        Path out = dir.resolve("out.rdb");
        Result r = run("rewrite", in.toString(), out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("(RDB 10)") && r.out().contains("(RDB 9)"), r.out());

        assertTrue(Set.of(RdbTypes.STRING, RdbTypes.LIST, RdbTypes.SET, RdbTypes.HASH, RdbTypes.ZSET_2,
                RdbTypes.STREAM_LISTPACKS).containsAll(typesIn(out)), "types " + typesIn(out));
        Keyspace original = new Keyspace();
        RdbFiles.load(in, original);
        Keyspace rewritten = new Keyspace();
        RdbFiles.load(out, rewritten);
        assertEquals(DatasetDigest.of(original), DatasetDigest.of(rewritten));
        KeyspaceComparison.assertSameData(original, rewritten, KeyspaceComparison.StreamMetadata.DERIVED_FROM_TYPE_15);
        // Every source has the aof-base AUX field of a 7.0 SAVE, which is not carried.
        assertTrue(r.err().contains("rdb: note: AUX fields of the source not carried: aof-base"), r.err());
    }

    @Test
    void whatCannotBeCarriedIsReportedOnStderr() {
        Path in = RdbSamplesAccess.path("v10_stream_multidb_lfu_nochecksum.rdb");
        Result r = run("rewrite", in.toString(), dir.resolve("out.rdb").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("rdb: note: 1 function libraries not carried"), r.err());
        assertTrue(r.err().contains("keys lost their LRU/LFU hint"), r.err());
        // mystream had an entry deleted (entries-added 4, a max-deleted-id); emptystream records
        // first-id 0-0 where a type-15 load derives the maximum ID.
        assertTrue(r.err().contains("rdb: note: 2 streams lost first-id / max-deleted-id / entries-added"), r.err());
        assertTrue(r.err().contains("rdb: note: 2 consumer groups lost entries-read"), r.err());
    }

    @Test
    void versionTenOutputKeepsStreamMetadata() throws Exception {
        Path in = RdbSamplesAccess.path("v10_stream_multidb_lfu_nochecksum.rdb");
        Path out = dir.resolve("out10.rdb");
        Result r = run("rewrite", "--version", "10", in.toString(), out.toString());
        assertEquals(0, r.status(), r.err());
        assertFalse(r.err().contains("streams lost"), r.err());
        Keyspace original = new Keyspace();
        RdbFiles.load(in, original);
        Keyspace rewritten = new Keyspace();
        RdbFiles.load(out, rewritten);
        KeyspaceComparison.assertSameData(original, rewritten, KeyspaceComparison.StreamMetadata.EXACT);
    }

    @Test
    void hashFieldTtlsAreReportedNotSilentlyDropped() throws Exception {
        byte[] lp = new ListpackBuilder().add(b("f1")).add(b("v1")).addInteger(4102444800000L)
                .add(b("f2")).add(b("v2")).addInteger(0).build();
        Path in = dir.resolve("ttl.rdb");
        Files.write(in, TestRdb.version(12).key(RdbTypes.HASH_LISTPACK_EX, "h").le(4102444800000L, 8).string(lp).build());
        Path out = dir.resolve("out.rdb");
        Result r = run("rewrite", in.toString(), out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("rdb: note: dropped 1 hash-field TTLs in 1 keys (the fields are kept, without expiry)"),
                r.err());
        Keyspace ks = new Keyspace();
        RdbFiles.load(out, ks);
        assertEquals(2, ((HashValue) ks.database(0).peek(Key.of("h")).value()).size());
    }

    @Test
    void badInputWritesNothingAndExitsOne() throws Exception {
        Path in = dir.resolve("bad.rdb");
        Files.write(in, "REDIS0009\u00fe".getBytes(StandardCharsets.ISO_8859_1));
        Path out = dir.resolve("out.rdb");
        Result r = run("rewrite", in.toString(), out.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("TRUNCATED"), r.err());
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void usageErrors() {
        assertEquals(2, run("rewrite", "only-one").status());
        assertEquals(2, run("rewrite", "--version", "11", "a", "b").status());
        assertEquals(2, run("rewrite", dir.resolve("missing.rdb").toString(), dir.resolve("o").toString()).status());
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
