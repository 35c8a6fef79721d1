/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SELECT is core's: it changes the client's database, with Redis's errors, in queue order. */
class SelectCommandTest {
    private final KeyspaceFixture ks = new KeyspaceFixture();

    @Test
    void selectChangesTheClientsDatabaseAndPropagatesNothing() {
        ks.exec("SELECT", "3").isOk().propagatesNothing();
        assertEquals(3, ks.client.db());
        ks.exec("SET", "k", "in3");
        ks.exec("SELECT", "0").isOk();
        ks.exec("GET", "k").isNull();
    }

    @Test
    void outOfRangeAndNonIntegerIndexesAreRefusedWithRedisTexts() {
        ks.exec("SELECT", "16").isError("ERR DB index is out of range");
        ks.exec("SELECT", "-1").isError("ERR DB index is out of range");
        ks.exec("SELECT", "x").isError("ERR value is not an integer or out of range");
        ks.exec("SELECT").isErrorStartingWith("ERR wrong number of arguments");
        assertEquals(0, ks.client.db());
    }

    @Test
    void insideMultiTheCommandsQueuedAfterSelectRunInTheSelectedDatabase() {
        ks.exec("MULTI").isOk();
        ks.exec("SET", "k", "db0");
        ks.exec("SELECT", "5");
        ks.exec("SET", "k", "db5");
        ks.exec("EXEC");
        assertEquals(5, ks.client.db());
        ks.exec("GET", "k").isBulk("db5");
        ks.exec("SELECT", "0").isOk();
        ks.exec("GET", "k").isBulk("db0");
    }
}
