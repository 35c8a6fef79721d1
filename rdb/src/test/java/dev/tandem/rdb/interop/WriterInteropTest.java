/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.interop;

import dev.tandem.core.internal.DatasetDigest;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.value.StreamValue;
import dev.tandem.rdb.RdbFiles;
import dev.tandem.rdb.datasets.EveryTypeDataset;
import dev.tandem.rdb.datasets.RandomDatasets;
import dev.tandem.rdb.write.RdbWriterOptions;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files that Tandem writes pass {@code redis-check-rdb} (deep validation of every listpack,
 * intset and stream) and load into redis-server 7.0 with the same DEBUG DIGEST as the source
 * keyspace, stream metadata and consumer groups included.
 */
@Tag("interop")
class WriterInteropTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "RDB version {0}")
    @ValueSource(ints = {9, 10})
    void everyTypeLoadsIntoRedisWithTheSameDigest(int version) throws Exception {
        Keyspace source = new Keyspace();
        EveryTypeDataset.fill(source);
        assertLoadsIntoRedis(source, version);
    }

    @ParameterizedTest(name = "RDB version {0}")
    @ValueSource(ints = {9, 10})
    void randomDatasetLoadsIntoRedisWithTheSameDigest(int version) throws Exception {
        Keyspace source = new Keyspace();
        RandomDatasets.fill(source, 2024 + version, RandomDatasets.Profile.standard(500).withoutPastExpiries());
        assertLoadsIntoRedis(source, version);
    }

    private void assertLoadsIntoRedis(Keyspace source, int version) throws Exception {
        RedisServerProcess.requireBinary();
        Path file = dir.resolve("tandem.rdb");
        RdbFiles.write(source, file, RdbWriterOptions.builder().version(version).build());
        RedisTools.assertCheckRdbAccepts(file);

        // What our own loader makes of the file: the reference for metadata a v9 file cannot carry.
        Keyspace reloaded = new Keyspace();
        RdbFiles.load(file, reloaded);

        try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString(), "--dbfilename", "tandem.rdb");
             RespClient c = redis.client()) {
            assertEquals(DatasetDigest.of(source), RedisTools.string(c, "DEBUG", "DIGEST"));
            int compared = 0;
            for (int db = 0; db < source.databaseCount(); db++) {
                List<String> streams = new ArrayList<>();
                source.database(db).forEachEntry(e -> {
                    // Keys that survive a trip through UTF-8 text can be named in commands here.
                    if (e.value() instanceof StreamValue
                            && Arrays.equals(e.key().toString().getBytes(StandardCharsets.UTF_8), e.key().bytes())) {
                        streams.add(e.key().toString());
                    }
                });
                for (String key : streams) {
                    StreamState.assertSame(c, db, key, reloaded);
                    compared++;
                }
            }
            assertTrue(compared > 0, "at least one stream compared");
        }
    }
}
