/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ACL LOG's grouping of similar entries, its order and its bound. */
class AclLogTest {

    @Test
    void similarEntriesWithinAMinuteAreCountedTogether() {
        AclLog log = new AclLog();
        log.add("command", "toplevel", "get", "bob", 1_000, "id=1");
        log.add("key", "toplevel", "k", "bob", 2_000, "id=1");
        log.add("command", "toplevel", "get", "bob", 3_000, "id=2");
        List<AclLog.Entry> entries = log.latest(10);
        assertEquals(2, entries.size());
        assertEquals("get", entries.get(0).object(), "the grouped entry moves to the front");
        assertEquals(2, entries.get(0).count());
        assertEquals("id=2", entries.get(0).clientInfo());
        log.add("command", "toplevel", "get", "bob", 3_000 + 60_000, "id=3");
        assertEquals(3, log.latest(10).size(), "a minute later it is a new entry");
        assertEquals(1, log.latest(1).size());
        log.reset();
        assertEquals(0, log.latest(10).size());
    }

    @Test
    void keepsTheNewest128() {
        AclLog log = new AclLog();
        for (int i = 0; i < 200; i++) {
            log.add("key", "toplevel", "k" + i, "bob", i, "");
        }
        List<AclLog.Entry> entries = log.latest(1_000);
        assertEquals(AclLog.MAX_LEN, entries.size());
        assertEquals("k199", entries.get(0).object());
    }
}
