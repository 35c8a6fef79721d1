/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.interop;

import dev.tandem.rdb.RdbSamplesAccess;
import dev.tandem.rdb.write.RdbRewriter;
import dev.tandem.rdb.write.RdbWriterOptions;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real samples (test resources) rewritten as version 9 pass {@code redis-check-rdb}, and
 * redis-server loads the original and the rewrite to the same DEBUG DIGEST.
 */
@Tag("interop")
class RewriteInteropTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v10_strings_small.rdb", "v10_large.rdb", "v10_stream_multidb_lfu_nochecksum.rdb"})
    void rewrittenSamplesAreValidAndLoadToTheSameDigest(String sample) throws Exception {
        RedisServerProcess.requireBinary();
        Path original = dir.resolve("original.rdb");
        Files.copy(RdbSamplesAccess.path(sample), original);
        Path rewritten = dir.resolve("rewritten.rdb");
        RdbRewriter.rewrite(original, rewritten, RdbWriterOptions.defaults());
        RedisTools.assertCheckRdbAccepts(rewritten);
        assertEquals(digestOf(original), digestOf(rewritten));
    }

    private String digestOf(Path file) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString(), "--dbfilename",
                file.getFileName().toString());
             RespClient c = redis.client()) {
            return RedisTools.string(c, "DEBUG", "DIGEST");
        }
    }
}
