/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.datasets;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.rdb.RdbReader;
import dev.tandem.rdb.internal.load.KeyspaceLoader;
import dev.tandem.rdb.write.RdbSnapshotWriter;
import dev.tandem.rdb.write.RdbWriterOptions;
import dev.tandem.core.internal.DatasetBuilder;

/** Keyspace → RDB bytes → keyspace, through the real writer and loader. */
public final class Snapshots {
    private Snapshots() {
    }

    /** Writes a whole snapshot of {@code keyspace} and returns the RDB bytes. */
    public static byte[] write(Keyspace keyspace, RdbWriterOptions options) {
        ChunkCollector out = new ChunkCollector();
        RdbSnapshotWriter writer = new RdbSnapshotWriter(options, out);
        Snapshot snapshot = keyspace.startSnapshot(writer);
        while (snapshot.step(100)) {
            // walk until done
        }
        if (!writer.isComplete()) {
            throw new AssertionError("writer did not complete");
        }
        return out.bytes();
    }

    /** Loads {@code rdb} into {@code target} (committing) and returns the loader. */
    public static KeyspaceLoader load(byte[] rdb, Keyspace target) {
        DatasetBuilder builder = target.newDatasetBuilder();
        KeyspaceLoader loader = new KeyspaceLoader(builder);
        RdbReader reader = new RdbReader(loader);
        reader.feed(rdb);
        reader.end();
        builder.commit();
        return loader;
    }
}
