/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code REPLCONF rdb-filter-only} as Redis 7.0 answers it (reference §3.3). */
class ReplconfCommandTest {

    private static byte[][] argv(String... args) {
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    @ParameterizedTest(name = "rdb-filter-only \"{0}\"")
    @ValueSource(strings = {"", "functions", "FUNCTIONS", " functions  functions "})
    void acceptedFiltersLeaveTheKeysOut(String filters) {
        ReplconfCommand.Result r = ReplconfCommand.apply(argv("REPLCONF", "rdb-filter-only", filters),
                ReplicaCapabilities.NONE.withEof());
        assertEquals("OK", r.reply());
        assertFalse(r.isError());
        assertTrue(r.capabilities().rdbExcludeData());
        assertTrue(r.capabilities().eof(), "other capabilities are kept");
    }

    @ParameterizedTest(name = "rdb-filter-only \"{0}\"")
    @CsvSource(delimiter = '|', value = {"keys|keys", "functions keys|keys", "aux functions|aux"})
    void unknownFiltersAreRefused(String filters, String first) {
        ReplconfCommand.Result r = ReplconfCommand.apply(argv("REPLCONF", "rdb-filter-only", filters),
                ReplicaCapabilities.NONE);
        assertTrue(r.isError());
        assertEquals("ERR Unsupported rdb-filter-only option: " + first, r.reply());
        assertFalse(r.capabilities().rdbExcludeData(), "unchanged on error");
    }

    @Test
    void withoutTheFilterTheSnapshotKeepsItsKeys() {
        ReplconfCommand.Result r = ReplconfCommand.apply(argv("REPLCONF", "capa", "eof", "rdb-only", "1"),
                ReplicaCapabilities.NONE);
        assertFalse(r.capabilities().rdbExcludeData());
        assertTrue(r.capabilities().rdbOnly());
    }
}
