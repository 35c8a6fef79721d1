/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the command transcripts in {@code src/test/resources/dev/tandem/core/transcripts}: each is a
 * table of commands with the reply redis-server 7.0.15 gave (recorded from a real server, and
 * re-checked by {@link RedisCompatibilityInteropTest}) and the propagated form Redis's source
 * prescribes.
 */
class TranscriptCommandsTest {
    /** Transcripts, also replayed against a real redis-server by the interop test. */
    static final List<String> SCRIPTS = List.of(
            "zadd.txt", "zrem.txt", "zrange.txt", "zstore.txt", "zread.txt", "zencoding.txt", "xrange.txt", "zlexmixed.txt", "xstream.txt");

    static List<String> scripts() {
        return SCRIPTS;
    }

    static String load(String name) {
        try (InputStream in = TranscriptCommandsTest.class.getResourceAsStream("transcripts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void transcript(String name) {
        RedisTranscript.run(new KeyspaceFixture(), load(name));
    }
}
