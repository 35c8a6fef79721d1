/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.tool;

import dev.tandem.rdb.RdbSamplesAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code rdb} tool's output for the real samples, compared with JSON built here from the
 * samples README (keys are compared as a set: their order is Redis's hash order).
 */
class RdbToolTest {
    private record Result(int status, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RdbTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** JSON string literal for printable ASCII / plain Unicode text (the test's own escaping). */
    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String line(String key, String type, String expireAt, String value) {
        return "{\"db\":0,\"key\":" + q(key) + ",\"type\":\"" + type + "\",\"expireAt\":" + expireAt
                + ",\"value\":" + value + "}";
    }

    private static String str(String key, String value) {
        return line(key, "string", "null", q(value));
    }

    private static String array(List<String> items) {
        List<String> quoted = new ArrayList<>();
        for (String s : items) {
            quoted.add(q(s));
        }
        return "[" + String.join(",", quoted) + "]";
    }

    private static void assertHeaderLine(String first, String functionsPart) {
        String pattern = "\\{\"aux\":\\{\"redis-ver\":\"7\\.0\\.15\",\"redis-bits\":\"64\",\"ctime\":\"\\d+\","
                + "\"used-mem\":\"\\d+\",\"aof-base\":\"0\"}" + functionsPart + ",\"version\":10}";
        assertTrue(first.matches(pattern), first);
    }

    @Test
    void dumpStringsSmall() {
        Result r = run("dump", RdbSamplesAccess.path("v10_strings_small.rdb").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.lines();
        assertHeaderLine(lines.get(0), "");

        Set<String> expected = new HashSet<>();
        expected.add(str("s:int8", "100"));
        expected.add(str("s:neg", "-5"));
        expected.add(str("s:min8", "-128"));
        expected.add(str("s:int16", "1000"));
        expected.add(str("s:min16", "-32768"));
        expected.add(str("s:int32", "100000"));
        expected.add(str("s:max32", "2147483647"));
        expected.add(str("s:min32", "-2147483648"));
        expected.add(str("s:over32", "2147483648"));
        expected.add(str("s:bigint", "12345678901234"));
        expected.add(str("s:lead0", "007"));
        expected.add(str("s:empty", ""));
        expected.add(str("s:short", "hello"));
        expected.add(str("s:lzf", "a".repeat(100)));
        expected.add(str("s:lorem", "Lorem ipsum dolor sit amet, Lorem ipsum dolor sit amet, Lorem ipsum dolor sit amet"));
        expected.add(str("s:len14", incompressible300()));
        expected.add(str("s:utf8", "héllo wörld"));
        expected.add(line("s:bin", "string", "null", "{\"base64\":\"YQBiDQr/\"}"));
        expected.add(line("s:exp-ms", "string", "4102444800123", q("v")));
        expected.add(line("s:exp-s", "string", "4102444800000", q("v")));
        expected.add(line("list:tiny", "list", "null", array(List.of("a", "b", "c"))));
        expected.add(line("list:small", "list", "null", array(List.of("a", "1", "-1", "1000", "30000", "100000",
                "100000000", "5000000000", "-5000000000", "hello world", "x".repeat(70), "y".repeat(200)))));
        expected.add(line("hash:small", "hash", "null", "{\"f1\":\"v1\",\"f2\":\"v2\",\"num\":\"42\"}"));
        expected.add(line("set:int16", "set", "null", array(List.of("-5", "1", "2", "3"))));
        expected.add(line("set:int32", "set", "null", array(List.of("-100000", "100000", "7"))));
        expected.add(line("set:int64", "set", "null", array(List.of("1", "5000000000"))));
        expected.add(line("set:strs", "set", "null", array(List.of("apple", "banana", "cherry"))));
        expected.add(line("zset:small", "zset", "null",
                "[[\"e\",\"-inf\"],[\"c\",-3],[\"g\",0.1],[\"a\",1],[\"b\",2.5],[\"f\",1.0E100],[\"d\",\"inf\"]]"));
        assertEquals(28, expected.size());
        assertEquals(29, lines.size());
        assertEquals(expected, new HashSet<>(lines.subList(1, lines.size())));
    }

    @Test
    void dumpLarge() {
        Result r = run("dump", RdbSamplesAccess.path("v10_large.rdb").toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.lines();
        assertHeaderLine(lines.get(0), "");
        assertEquals(8, lines.size());
        Set<String> body = new HashSet<>(lines.subList(1, lines.size()));

        List<String> items = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            items.add(String.format("item-%04d", i));
        }
        assertTrue(body.contains(line("list:big", "list", "null", array(items))));
        // set members sorted by bytes: "0", "1", "10", "100", ...
        TreeSet<String> ints = new TreeSet<>();
        for (int i = 0; i < 600; i++) {
            ints.add(Integer.toString(i));
        }
        assertTrue(body.contains(line("set:big", "set", "null", array(new ArrayList<>(ints)))));
        StringBuilder zset = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            double score = i * 1.5;
            String s = score == Math.rint(score) ? Long.toString((long) score) : Double.toString(score);
            zset.append(i == 0 ? "" : ",").append("[").append(q(String.format("m-%03d", i))).append(",").append(s).append("]");
        }
        assertTrue(body.contains(line("zset:big", "zset", "null", zset.append("]").toString())));
        assertTrue(body.contains(line("zset:bigval", "zset", "null",
                "[[\"neg\",\"-inf\"],[" + q("w".repeat(100)) + ",1],[\"mid\",3.25],[\"pos\",\"inf\"]]")));
        assertTrue(body.contains(line("hash:bigval", "hash", "null",
                "{\"big\":" + q("z".repeat(100)) + ",\"small\":\"1\"}")));
        StringBuilder hash = new StringBuilder("{");
        for (int i = 0; i < 600; i++) {
            hash.append(i == 0 ? "" : ",").append(q(String.format("field-%04d", i))).append(":")
                    .append(q(String.format("value-%04d", i)));
        }
        assertTrue(body.contains(line("hash:big", "hash", "null", hash.append("}").toString())));
    }

    @Test
    void dumpStreamMultiDb() {
        Result r = run("dump", RdbSamplesAccess.path("v10_stream_multidb_lfu_nochecksum.rdb").toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.lines();
        assertHeaderLine(lines.get(0), ",\"functions\":\\[\"#!lua name=mylib\\\\nredis\\.register_function\\("
                + "'myfunc', function\\(keys, args\\) return args\\[1\\] end\\)\"]");
        String stream = "{\"entries\":["
                + "{\"id\":\"1700000000000-0\",\"fields\":[\"name\",\"Alice\",\"age\",\"30\"]},"
                + "{\"id\":\"1700000000001-0\",\"fields\":[\"city\",\"Paris\"]},"
                + "{\"id\":\"1700000000002-0\",\"fields\":[\"name\",\"Carol\",\"age\",\"41\"]}],"
                + "\"length\":3,\"lastId\":\"1700000000002-0\",\"firstId\":\"1700000000000-0\","
                + "\"maxDeletedId\":\"1700000000000-1\",\"entriesAdded\":4,\"groups\":["
                + "{\"name\":\"grp\",\"lastId\":\"1700000000001-0\",\"entriesRead\":-1,\"pending\":["
                + "{\"id\":\"1700000000000-0\",\"deliveryTime\":1795311296526,\"deliveryCount\":1},"
                + "{\"id\":\"1700000000001-0\",\"deliveryTime\":1795311296526,\"deliveryCount\":1}],"
                + "\"consumers\":[{\"name\":\"alice\",\"seenTime\":1795311296526,\"activeTime\":1795311296526,"
                + "\"pending\":[\"1700000000000-0\",\"1700000000001-0\"]},"
                + "{\"name\":\"bob\",\"seenTime\":1795311296531,\"activeTime\":1795311296531,\"pending\":[]}]},"
                + "{\"name\":\"grp2\",\"lastId\":\"1700000000002-0\",\"entriesRead\":-1,\"pending\":[],\"consumers\":[]}]}";
        String empty = "{\"entries\":[],\"length\":0,\"lastId\":\"0-0\",\"firstId\":\"0-0\",\"maxDeletedId\":\"0-0\","
                + "\"entriesAdded\":0,\"groups\":[{\"name\":\"g\",\"lastId\":\"0-0\",\"entriesRead\":-1,\"pending\":[],"
                + "\"consumers\":[]}]}";
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            items.add(String.format("item-%04d", i));
        }
        Set<String> expected = Set.of(
                line("mystream", "stream", "null", stream),
                line("emptystream", "stream", "null", empty),
                line("k:db0", "string", "4102444800000", q("hello")),
                line("s:lzf-off", "string", "null", q("a".repeat(100))),
                line("list:deep", "list", "null", array(items)),
                "{\"db\":1,\"key\":\"k:db1\",\"type\":\"string\",\"expireAt\":null,\"value\":\"one\"}",
                "{\"db\":1,\"key\":\"h:db1\",\"type\":\"hash\",\"expireAt\":null,\"value\":{\"a\":\"1\",\"b\":\"2\"}}",
                "{\"db\":15,\"key\":\"k:db15\",\"type\":\"list\",\"expireAt\":null,\"value\":[\"x\",\"y\",\"z\"]}");
        assertEquals(expected, new HashSet<>(lines.subList(1, lines.size())));
        assertEquals(9, lines.size());
    }

    @Test
    void checkPrintsASummary() {
        Result r = run("check", RdbSamplesAccess.path("v10_strings_small.rdb").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("RDB version: 10\n"), r.out());
        assertTrue(r.out().contains("checksum: verified (0xc399bda2ac946652)\n"), r.out());
        assertTrue(r.out().contains("db 0: 28 keys (string 20, list 2, set 4, zset 1, hash 1), 2 with expiry\n"), r.out());
        assertTrue(r.out().endsWith("OK\n"), r.out());

        Result s = run("check", RdbSamplesAccess.path("v10_stream_multidb_lfu_nochecksum.rdb").toString());
        assertEquals(0, s.status());
        assertTrue(s.out().contains("checksum: disabled in file (stored 0)\n"), s.out());
        assertTrue(s.out().contains("db 15: 1 keys (list 1), 0 with expiry\n"), s.out());
        assertTrue(s.out().contains("functions: 1\n"), s.out());
    }

    @Test
    void badFilesExitWithStatusOneAndTheOffset(@TempDir Path dir) throws Exception {
        byte[] sample = Files.readAllBytes(RdbSamplesAccess.path("v10_large.rdb"));
        Path truncated = dir.resolve("truncated.rdb");
        Files.write(truncated, Arrays.copyOf(sample, 20000));
        Result r = run("check", truncated.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("truncated RDB") && r.err().contains("at offset 20000"), r.err());

        Path flipped = dir.resolve("flipped.rdb");
        byte[] damaged = sample.clone();
        damaged[damaged.length - 1] ^= 1;
        Files.write(flipped, damaged);
        Result d = run("dump", flipped.toString());
        assertEquals(1, d.status());
        assertTrue(d.err().contains("bad checksum") && d.err().contains("at offset " + (sample.length - 8)), d.err());

        Path valkey = dir.resolve("valkey.rdb");
        Files.write(valkey, "VALKEY080\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        Result v = run("check", valkey.toString());
        assertEquals(1, v.status());
        assertTrue(v.err().contains("bad magic \"VALKEY080\""), v.err());
    }

    @Test
    void usageErrors(@TempDir Path dir) {
        assertEquals(2, run().status());
        assertEquals(2, run("frobnicate", "x").status());
        Result missing = run("check", dir.resolve("nope.rdb").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    /** README's generator for incompressible300.txt. */
    private static String incompressible300() {
        StringBuilder out = new StringBuilder();
        Set<String> seen = new HashSet<>();
        long x = 1;
        while (out.length() < 300) {
            x = (x * 1103515245L + 12345) & 0x7fffffffL;
            char c = (char) (33 + (x >> 16) % 94);
            int n = out.length();
            if (n >= 2 && seen.contains(out.substring(n - 2) + c)) {
                continue;
            }
            if (n >= 2) {
                seen.add(out.substring(n - 2) + c);
            }
            out.append(c);
        }
        return out.toString();
    }
}
