/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One command of a write's propagated form and the database it applies to; the replication
 * layer injects {@code SELECT} when {@code db} differs from the stream's current one. {@code db}
 * is {@link #NO_DB} for commands that need no SELECT (never produced by core today).
 */
public record Propagated(int db, byte[][] argv) {
    public static final int NO_DB = -1;

    public static Propagated of(int db, String... argv) {
        byte[][] bytes = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            bytes[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        return new Propagated(db, bytes);
    }

    /** Space-separated UTF-8 rendering, for tests and logs. */
    public String render() {
        return Arrays.stream(argv).map(a -> new String(a, StandardCharsets.UTF_8))
                .collect(Collectors.joining(" "));
    }

    @Override
    public String toString() {
        return "db" + db + ":" + render();
    }
}
