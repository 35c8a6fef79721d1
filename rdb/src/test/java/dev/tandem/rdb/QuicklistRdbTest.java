/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.Key;
import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.DatasetDigest;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.compact.Quicklist;
import dev.tandem.core.value.ListValue;
import dev.tandem.rdb.write.RdbWriterOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lists go to RDB type 18 as their own quicklist nodes (PACKED listpacks and PLAIN elements, as
 * they are) and come back node for node; RDB 9 still writes type 1 and loads into the loading
 * keyspace's node size; a corrupt node is refused with its defect.
 */
class QuicklistRdbTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void exec(Keyspace k, String... argv) {
        byte[][] args = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            args[i] = b(argv[i]);
        }
        k.execute(ClientState.client(), args);
    }

    private static Keyspace source() {
        Keyspace k = new Keyspace();
        k.encodingLimits().listMaxListpackSize(3);
        k.encodingLimits().listCompressDepth(1);
        for (int i = 0; i < 20; i++) {
            exec(k, "RPUSH", "counted", "element-number-" + i + "-" + "z".repeat(40), Integer.toString(i));
        }
        k.encodingLimits().listMaxListpackSize(-2);
        k.encodingLimits().listCompressDepth(0);
        k.encodingLimits().listPackedThreshold(10);
        exec(k, "RPUSH", "plain", "a", "a-long-element-of-plain-size", "b", "-12345");
        exec(k, "LPUSH", "plain", "another-plain-one!");
        k.encodingLimits().listPackedThreshold(0);
        for (int i = 0; i < 2000; i++) {
            exec(k, "RPUSH", "big", String.format("item-%04d", i));
        }
        return k;
    }

    private static Quicklist ql(Keyspace k, String key) {
        return ((ListValue) k.database(0).peek(Key.of(key)).value()).quicklist();
    }

    @Test
    void type18CarriesTheNodesAsTheyAre() throws Exception {
        Keyspace src = source();
        assertEquals(14, ql(src, "counted").nodeCount()); // 40 elements, 3 per node
        assertTrue(ql(src, "counted").node(5).compressed());
        Path file = dir.resolve("lists.rdb");
        RdbFiles.write(src, file, RdbWriterOptions.builder().version(10).build());
        Keyspace copy = new Keyspace(); // default fill -2: loaded nodes are kept whatever their size
        RdbFiles.load(file, copy);
        for (String key : new String[] {"counted", "plain", "big"}) {
            Quicklist a = ql(src, key);
            Quicklist c = ql(copy, key);
            assertEquals(a.nodeCount(), c.nodeCount(), key);
            for (int i = 0; i < a.nodeCount(); i++) {
                assertEquals(a.node(i).plain(), c.node(i).plain(), key + " node " + i);
                assertArrayEquals(a.node(i).bytes(), c.node(i).bytes(), key + " node " + i);
            }
        }
        assertTrue(ql(copy, "plain").node(0).plain());
        assertEquals(-2, ql(copy, "counted").fill()); // the loading keyspace's options, as rdbLoadObject
        assertEquals(DatasetDigest.of(src), DatasetDigest.of(copy));
    }

    @Test
    void version9WritesElementsAndTheLoaderRepacksThem() throws Exception {
        Keyspace src = source();
        Path file = dir.resolve("lists9.rdb");
        RdbFiles.write(src, file, RdbWriterOptions.builder().version(9).build());
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 0);
        Keyspace copy = new Keyspace();
        RdbFiles.load(file, copy);
        assertEquals(DatasetDigest.of(src), DatasetDigest.of(copy));
        assertEquals(1, ql(copy, "counted").nodeCount()); // 40 short elements fit one 8 KB node
        assertEquals(3, ql(copy, "big").nodeCount());
    }

    @Test
    void aCorruptNodeIsRefused() throws Exception {
        Keyspace src = new Keyspace();
        exec(src, "RPUSH", "l", "a", "b", "c");
        Path file = dir.resolve("corrupt.rdb");
        RdbFiles.write(src, file, RdbWriterOptions.builder().version(10).compressStrings(false).build());
        byte[] bytes = Files.readAllBytes(file);
        // The node's listpack: total bytes u32le 16, count 3, then "a" "b" "c"; break the count.
        byte[] lp = {16, 0, 0, 0, 3, 0};
        int at = indexOf(bytes, lp);
        assertTrue(at > 0);
        bytes[at + 4] = 2;
        Path bad = dir.resolve("bad.rdb");
        Files.write(bad, fixChecksum(bytes));
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbFiles.load(bad, new Keyspace()));
        assertTrue(e.getMessage().contains("count"), e.getMessage());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Zeroes the CRC64 trailer: Redis and Tandem skip the check when it is 0. */
    private static byte[] fixChecksum(byte[] bytes) {
        for (int i = bytes.length - 8; i < bytes.length; i++) {
            bytes[i] = 0;
        }
        return bytes;
    }
}
