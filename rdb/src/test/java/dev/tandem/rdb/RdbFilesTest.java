/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import dev.tandem.core.internal.DatasetDigest;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.snapshot.SnapshotSink;
import dev.tandem.core.value.RedisValue;
import dev.tandem.rdb.datasets.EveryTypeDataset;
import dev.tandem.rdb.datasets.KeyspaceComparison;
import dev.tandem.rdb.internal.load.KeyspaceLoader;
import dev.tandem.rdb.write.RdbWriterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RdbFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeThenLoadGivesTheSameDataset() throws Exception {
        Keyspace source = new Keyspace();
        EveryTypeDataset.fill(source);
        Path file = dir.resolve("dump.rdb");
        Files.writeString(file, "an older file that is replaced");
        RdbFiles.WriteResult result = RdbFiles.write(source, file, RdbWriterOptions.defaults());
        assertEquals(Files.size(file), result.bytes());
        assertEquals(21, result.keys());
        assertEquals(List.of(file), list(dir), "no temporary file left behind");

        Keyspace loaded = new Keyspace();
        KeyspaceLoader loader = RdbFiles.load(file, loaded);
        assertEquals(21, loader.keysLoaded());
        assertEquals(DatasetDigest.of(source), DatasetDigest.of(loaded));
        KeyspaceComparison.assertSameData(source, loaded, KeyspaceComparison.StreamMetadata.DERIVED_FROM_TYPE_15);
    }

    @Test
    void aSnapshotAlreadyRunningFailsTheWriteAndLeavesNoFiles() throws Exception {
        Keyspace source = new Keyspace();
        EveryTypeDataset.fill(source);
        Snapshot other = source.startSnapshot(new SnapshotSink() {
            @Override
            public void begin(SnapshotInfo info) {
            }

            @Override
            public void entry(int db, dev.tandem.core.Key key, RedisValue value, long expireAtMillis) {
            }

            @Override
            public void end() {
            }
        });
        Path file = dir.resolve("dump.rdb");
        assertThrows(IllegalStateException.class, () -> RdbFiles.write(source, file));
        assertEquals(List.of(), list(dir));
        other.abort();
        RdbFiles.write(source, file);
        assertEquals(List.of(file), list(dir));
    }

    /** Issue #13: RESIZEDB sizes the loaded key table once, as Redis's dictExpand does. */
    @Test
    void loadingSizesTheKeyTableFromResizeDb() throws Exception {
        Keyspace source = new Keyspace();
        dev.tandem.core.internal.ClientState c = dev.tandem.core.internal.ClientState.client();
        c.select(3);
        for (int i = 0; i < 5000; i++) {
            source.execute(c, "SET", "key:" + i, "v");
        }
        Path file = dir.resolve("dump.rdb");
        RdbFiles.write(source, file);
        Keyspace loaded = new Keyspace();
        RdbFiles.load(file, loaded);
        assertEquals(5000, loaded.database(3).size());
        assertEquals(8192, loaded.database(3).keyTableBuckets(), "sized for 5000 keys at once");
        assertEquals(false, loaded.database(3).keyTableRehashing(), "no grow during the load");
    }

    private static List<Path> list(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
