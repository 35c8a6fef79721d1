/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.core.internal.DatasetDigest;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.rdb.datasets.KeyspaceComparison;
import dev.tandem.rdb.datasets.RandomDatasets;
import dev.tandem.rdb.datasets.Snapshots;
import dev.tandem.rdb.internal.load.KeyspaceLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random datasets → RdbSnapshotWriter → RdbReader + KeyspaceLoader → the same dataset. */
class RdbRoundTripTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(1L, 9, true),
                Arguments.of(2L, 9, false),
                Arguments.of(3L, 10, true),
                Arguments.of(4L, 10, false),
                Arguments.of(5L, 9, true),
                Arguments.of(6L, 10, true));
    }

    @ParameterizedTest(name = "seed {0}, version {1}, compression {2}")
    @MethodSource("cases")
    void randomDatasetSurvivesWriteAndLoad(long seed, int version, boolean compress) {
        Keyspace source = new Keyspace();
        long keys = RandomDatasets.fill(source, seed, RandomDatasets.Profile.standard(400));
        RdbWriterOptions options = RdbWriterOptions.builder().version(version).compressStrings(compress).build();

        byte[] rdb = Snapshots.write(source, options);
        Keyspace target = new Keyspace();
        KeyspaceLoader loader = Snapshots.load(rdb, target);

        assertEquals(keys, loader.keysLoaded());
        assertTrue(loader.isComplete());
        assertEquals(version, loader.rdbVersion());
        assertEquals(DatasetDigest.of(source), DatasetDigest.of(target));
        KeyspaceComparison.assertSameData(source, target, version >= 10
                ? KeyspaceComparison.StreamMetadata.EXACT
                : KeyspaceComparison.StreamMetadata.DERIVED_FROM_TYPE_15);
    }
}
