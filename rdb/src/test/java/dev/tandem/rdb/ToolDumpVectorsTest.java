/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import dev.tandem.rdb.internal.codec.ListpackBuilder;
import dev.tandem.rdb.tool.RdbTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.tandem.rdb.Reads.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rdb dump} on hand-built files: the JSON shapes the samples do not exercise. */
class ToolDumpVectorsTest {
    @TempDir
    Path dir;

    private List<String> dump(byte[] rdb, StringBuilder stderr) throws IOException {
        Path file = dir.resolve("v.rdb");
        Files.write(file, rdb);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RdbTool.run(new String[] {"dump", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        stderr.append(err.toString(StandardCharsets.UTF_8));
        assertEquals(0, status, stderr.toString());
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void hashFieldTtlsSitBesideTheValue() throws IOException {
        byte[] lp = new ListpackBuilder()
                .add(utf8("f1")).add(utf8("v1")).addInteger(4102444800000L)
                .add(utf8("f2")).add(utf8("v2")).addInteger(0).build();
        byte[] rdb = RdbBuilder.version(12).key(RdbTypes.HASH_LISTPACK_EX, "h").le(4102444801000L, 8).string(lp)
                .eofWithChecksum().build();
        List<String> lines = dump(rdb, new StringBuilder());
        assertEquals(List.of("{\"aux\":{},\"version\":12}",
                "{\"db\":0,\"key\":\"h\",\"type\":\"hash\",\"expireAt\":null,\"value\":{\"f1\":\"v1\",\"f2\":\"v2\"},"
                        + "\"fieldExpireAt\":{\"f1\":4102444800000}}"), lines);
    }

    @Test
    void binaryNamesFallBackToPairsAndLateItemsGetTheirOwnLines() throws IOException {
        RdbModuleId module = RdbModuleId.of("ReJSON-RL", 3);
        byte[] rdb = RdbBuilder.version(9).aux("redis-ver", "6.2.16")
                .key(RdbTypes.HASH, "bin\u0001").length(2).string(new byte[] {(byte) 0xFF}).string("x")
                .string("plain").raw(0xC0, 5)
                .key(RdbTypes.MODULE_2, "mod").length(module.id()).length(2).length(1).length(0)
                .aux("lua", "return 1")
                .raw(RdbOpcodes.FUNCTION2).string("#!lua name=l\nx")
                .eofWithChecksum().build();
        StringBuilder err = new StringBuilder();
        List<String> lines = dump(rdb, err);
        assertEquals(List.of("{\"aux\":{\"redis-ver\":\"6.2.16\"},\"version\":9}",
                "{\"db\":0,\"key\":\"bin\\u0001\",\"type\":\"hash\",\"expireAt\":null,"
                        + "\"value\":[[\"plain\",\"5\"],[{\"base64\":\"/w==\"},\"x\"]]}",
                "{\"aux\":{\"lua\":\"return 1\"}}",
                "{\"function\":\"#!lua name=l\\nx\"}"), lines);
        assertTrue(err.toString().contains("MODULE_VALUE_SKIPPED") && err.toString().contains("ReJSON-RL"), err.toString());
    }
}
