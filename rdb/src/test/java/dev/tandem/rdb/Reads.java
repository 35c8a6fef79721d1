/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test shorthands for reading byte vectors. */
final class Reads {
    private Reads() {
    }

    static RdbCollector.Contents collect(byte[] rdb) {
        return collect(rdb, RdbReaderConfig.defaults());
    }

    static RdbCollector.Contents collect(byte[] rdb, RdbReaderConfig config) {
        RdbCollector collector = new RdbCollector();
        RdbReader reader = new RdbReader(new DuplicateKeyDetector(collector), config);
        reader.feed(rdb);
        reader.end();
        return collector.contents();
    }

    static List<String> events(byte[] rdb) {
        EventRecorder recorder = new EventRecorder();
        RdbReader reader = new RdbReader(recorder);
        reader.feed(rdb);
        reader.end();
        return recorder.events;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static List<String> strings(List<byte[]> items) {
        return items.stream().map(Reads::str).toList();
    }
}
