/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.SyncKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo holds itself to what it prints: the test fails when any claim turns false. */
class ReplicationDemoTest {

    @Test
    void theDemoKeepsEveryClaim() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoResult result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            result = ReplicationDemo.run(out);
        }
        String story = bytes.toString(StandardCharsets.UTF_8);

        assertTrue(result.inSyncAfterWrites(), story);
        // The cut is healed by a partial resync: a full one would be a failure of the backlog.
        assertTrue(result.partialSyncsDuringCut() >= 1, story);
        assertEquals(0, result.fullSyncsDuringCut(), story);
        assertTrue(result.inSyncAfterCut(), story);
        // PSYNC2: after the promotion replica-2 continues from replica-1 without a full sync.
        assertEquals(Optional.of(SyncKind.PARTIAL), result.failoverSync(), story);
        assertEquals(0, result.fullSyncsDuringFailover(), story);
        assertTrue(result.inSyncAfterFailover(), story);
        assertTrue(result.claimsHold(), story);

        assertTrue(story.contains("+CONTINUE"), story);
        assertTrue(story.contains("every claim above held."), story);
    }
}
