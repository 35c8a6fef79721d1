/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.Key;
import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.snapshot.SnapshotSink;
import dev.tandem.core.value.RedisValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A snapshot sink that keeps what it is handed as {@code deepCopy()}s and reads them only after
 * the walk (as DUMP/COPY or a deferred writer would): list pushes and pops change end nodes in
 * place, so the copies must not share a node the list later changes. Each copy is rendered at
 * the end, after the list was pushed and popped at both ends many times.
 */
class ListSnapshotCopyOnWriteTest {

    private static final class KeepingSink implements SnapshotSink {
        final Map<String, RedisValue> kept = new HashMap<>();

        @Override
        public void begin(SnapshotInfo info) {
        }

        @Override
        public void entry(int db, Key key, RedisValue value, long expireAtMillis) {
            kept.put(key.toString(), value.deepCopy());
        }

        @Override
        public void end() {
        }
    }

    @ParameterizedTest(name = "{0} elements")
    @ValueSource(ints = {3, 400, 3000})
    void copiesHandedToTheSinkStayAsOfTheStart(int elements) {
        KeyspaceFixture ks = new KeyspaceFixture();
        List<String> start = new ArrayList<>();
        for (int i = 0; i < elements; i++) {
            String v = i % 3 == 0 ? Integer.toString(i) : "e" + i;
            ks.exec("RPUSH", "l", v);
            start.add(v);
        }
        ks.exec("LPUSH", "l", "h1", "h2"); // the head node is now changed in place too
        start.add(0, "h1");
        start.add(0, "h2");
        KeepingSink sink = new KeepingSink();
        Snapshot snapshot = ks.keyspace.startSnapshot(sink);
        while (snapshot.step(16)) {
            // the whole walk first: the list is delivered before any change
        }
        for (int i = 0; i < 200; i++) {
            ks.exec("LPUSH", "l", "new-head-" + i);
            ks.exec("RPUSH", "l", "new-tail-" + i);
            ks.exec("LPOP", "l", "2");
            ks.exec("RPOP", "l");
        }
        assertEquals("list" + start, CollectionSnapshotTest.describe(sink.kept.get("l")));
    }
}
