/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.Key;
import dev.tandem.core.internal.DatasetDigest;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.compact.Intset;
import dev.tandem.core.internal.compact.Listpack;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.ZSetValue;
import dev.tandem.rdb.write.RdbWriterOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RDB types 11, 16 and 17 go into the keyspace as the bytes they are (no element objects on the
 * way), Tandem writes its compact values' own bytes back out, bad bytes are refused with a clear
 * error at load time, and the loading keyspace's thresholds decide conversions as in Redis.
 */
class CompactAdoptionTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Keyspace source() {
        Keyspace k = new Keyspace();
        exec(k, "HSET", "h", "name", "tandem", "n", "42", "neg", "-7", "big", "9223372036854775807");
        exec(k, "ZADD", "z", "1", "a", "2.5", "b", "-inf", "c", "1e300", "d", "-0", "e");
        exec(k, "SADD", "s", "5", "-3", "70000", "-9223372036854775808");
        return k;
    }

    private static void exec(Keyspace k, String... argv) {
        byte[][] args = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            args[i] = b(argv[i]);
        }
        k.execute(dev.tandem.core.internal.ClientState.client(), args);
    }

    private Keyspace roundTrip(Keyspace source, Keyspace target, int version) throws Exception {
        Path file = dir.resolve("compact-" + version + ".rdb");
        RdbFiles.write(source, file, RdbWriterOptions.builder().version(version).build());
        RdbFiles.load(file, target);
        return target;
    }

    @Test
    void version10WritesAndLoadsTheSameBytes() throws Exception {
        Keyspace src = source();
        Keyspace copy = roundTrip(src, new Keyspace(), 10);
        HashValue h = (HashValue) src.database(0).peek(Key.of("h")).value();
        HashValue h2 = (HashValue) copy.database(0).peek(Key.of("h")).value();
        assertTrue(h2.isListpackEncoded());
        assertArrayEquals(h.listpackBytes(), h2.listpackBytes());
        ZSetValue z2 = (ZSetValue) copy.database(0).peek(Key.of("z")).value();
        assertTrue(z2.isCompact());
        assertArrayEquals(((ZSetValue) src.database(0).peek(Key.of("z")).value()).listpackBytes(), z2.listpackBytes());
        SetValue s2 = (SetValue) copy.database(0).peek(Key.of("s")).value();
        assertTrue(s2.isIntsetEncoded());
        assertArrayEquals(((SetValue) src.database(0).peek(Key.of("s")).value()).intsetBytes(), s2.intsetBytes());
        assertEquals(DatasetDigest.of(src), DatasetDigest.of(copy));
    }

    @Test
    void version9RebuildsTheSameCompactValues() throws Exception {
        Keyspace src = source();
        Keyspace copy = roundTrip(src, new Keyspace(), 9);
        assertTrue(((HashValue) copy.database(0).peek(Key.of("h")).value()).isListpackEncoded());
        assertTrue(((ZSetValue) copy.database(0).peek(Key.of("z")).value()).isCompact());
        assertTrue(((SetValue) copy.database(0).peek(Key.of("s")).value()).isIntsetEncoded());
        assertEquals(DatasetDigest.of(src), DatasetDigest.of(copy));
    }

    @Test
    void theLoadingKeyspacesThresholdsConvertAsRedisDoes() throws Exception {
        Keyspace target = new Keyspace();
        target.encodingLimits().hashMaxListpackEntries(3);
        target.encodingLimits().zsetMaxListpackEntries(4);
        target.encodingLimits().setMaxIntsetEntries(3);
        target.encodingLimits().hashMaxListpackValue(1); // not a reason to convert on load (rdbLoadObject)
        Keyspace copy = roundTrip(source(), target, 10);
        assertFalse(((HashValue) copy.database(0).peek(Key.of("h")).value()).isListpackEncoded());
        assertFalse(((ZSetValue) copy.database(0).peek(Key.of("z")).value()).isCompact());
        assertFalse(((SetValue) copy.database(0).peek(Key.of("s")).value()).isIntsetEncoded());
        Keyspace roomy = new Keyspace();
        roomy.encodingLimits().hashMaxListpackValue(1);
        assertTrue(((HashValue) roundTrip(source(), roomy, 10).database(0).peek(Key.of("h")).value())
                .isListpackEncoded());
    }

    private static byte[] file(int type, byte[] blob) {
        return RdbBuilder.version(10).blobKey(type, "k", blob).eofWithChecksum().build();
    }

    private RdbFormatException loadFails(byte[] rdb) throws Exception {
        Path f = dir.resolve("bad.rdb");
        Files.write(f, rdb);
        return assertThrows(RdbFormatException.class, () -> RdbFiles.load(f, new Keyspace()));
    }

    private static byte[] listpack(String... items) {
        byte[][] entries = new byte[items.length][];
        for (int i = 0; i < items.length; i++) {
            entries[i] = Listpack.encode(b(items[i]));
        }
        return Listpack.append(Listpack.empty(), entries);
    }

    @Test
    void corruptCompactValuesAreRefusedWithTheirDefect() throws Exception {
        byte[] lp = listpack("f", "v");
        byte[] noEof = lp.clone();
        noEof[noEof.length - 1] = 0;
        assertTrue(loadFails(file(RdbTypes.HASH_LISTPACK, noEof)).getMessage().contains("0xFF"));
        byte[] badBacklen = lp.clone();
        badBacklen[8] = 0x7F;
        assertTrue(loadFails(file(RdbTypes.HASH_LISTPACK, badBacklen)).getMessage().contains("back-length"));
        assertTrue(loadFails(file(RdbTypes.HASH_LISTPACK, listpack("f", "v", "g"))).getMessage().contains("odd"));
        assertTrue(loadFails(file(RdbTypes.HASH_LISTPACK, listpack("f", "v", "f", "w"))).getMessage()
                .contains("duplicate"));
        assertTrue(loadFails(file(RdbTypes.ZSET_LISTPACK, listpack("a", "2", "b", "1"))).getMessage()
                .contains("order"));
        assertTrue(loadFails(file(RdbTypes.ZSET_LISTPACK, listpack("a", "x1"))).getMessage()
                .contains("not a number"));
        assertTrue(loadFails(file(RdbTypes.ZSET_LISTPACK, listpack("a", "nan"))).getMessage().contains("NaN"));
        byte[] unordered = Intset.add(Intset.add(Intset.empty(), 1), 2);
        unordered[8] = 9; // first element 9 > second 2
        assertTrue(loadFails(file(RdbTypes.SET_INTSET, unordered)).getMessage().contains("ascending"));
        for (RdbFormatException e : new RdbFormatException[] {loadFails(file(RdbTypes.HASH_LISTPACK, noEof))}) {
            assertEquals(RdbErrorKind.CORRUPT_VALUE, e.kind());
        }
    }
}
