/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key extraction from key specs and getkeys procedures, with the answers redis-server 7.0.15 gives. */
class CommandKeysTest {

    private static String keys(String name, String call) {
        String[] words = call.split(" ");
        byte[][] argv = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            argv[i] = words[i].equals("''") ? new byte[0] : words[i].getBytes(StandardCharsets.UTF_8);
        }
        List<String> out = new ArrayList<>();
        for (CommandKeys.KeyRef k : CommandKeys.keys(name, argv)) {
            out.add(words[k.pos()] + KeySpec.flagNames(k.flags()));
        }
        return String.join(" ", out);
    }

    @Test
    void fixedPositionsAndFlags() {
        assertEquals("k1[OW, update]", keys("set", "set k1 v1"));
        assertEquals("k1[RW, access, update]", keys("set", "set k1 v1 get"));
        assertEquals("k1[OW, update] k2[OW, update]", keys("mset", "mset k1 v1 k2 v2"));
        assertEquals("k1[RW, access, delete] k2[RW, insert]", keys("lmove", "lmove k1 k2 left right"));
        assertEquals("key[RO]", keys("memory|usage", "memory usage key"));
        assertEquals("key[RW, insert]", keys("xgroup|create", "xgroup create key g $"));
        assertEquals("k[RO, access]", keys("bitfield", "bitfield k get u8 0"));
        assertEquals("k[RW, access, update]", keys("bitfield", "bitfield k set u8 0 1"));
    }

    @Test
    void movableKeys() {
        assertEquals("k1[RO, access] k2[OW, update]", keys("sort", "sort k1 store k2"));
        assertEquals("k1[RO, access] b[OW, update]", keys("sort", "sort k1 store a by x store b"));
        assertEquals("k1[RO, access]", keys("sort", "sort k1 by store"));
        assertEquals("key[RW, access, update]", keys("eval", "eval s 1 key"));
        assertEquals("", keys("eval", "eval s 0"));
        assertEquals("", keys("eval", "eval s 3 a"));
        assertEquals("a[]", keys("eval", "eval s 1x a"));
        assertEquals("dst[OW, update] a[RO, access] b[RO, access]", keys("zunionstore", "zunionstore dst 2 a b"));
        assertEquals("a[RO, access] b[RO, access]", keys("xread", "xread count 1 streams a b 0 0"));
        assertEquals("k[RO, access] d[OW, update]", keys("georadius", "georadius k 0 0 1 km store d"));
        assertEquals("b[RW, access, delete] c[RW, access, delete]",
                keys("migrate", "migrate h p '' 0 10 auth x keys b c"));
        assertEquals("", keys("migrate", "migrate h p k 0 10 keys b c")); // KEYS needs an empty key argument
        assertEquals("k[RW, access, delete]", keys("migrate", "migrate h p k 0 10"));
    }

    @Test
    void hasKeys() {
        assertTrue(CommandKeys.hasKeys("get"));
        assertTrue(CommandKeys.hasKeys("eval"));
        assertTrue(CommandKeys.noMandatoryKeys("eval"));
        assertFalse(CommandKeys.hasKeys("ping"));
        assertFalse(CommandKeys.hasKeys("spublish")); // its channel is a not_key spec
        assertFalse(CommandKeys.hasKeys("xgroup"));
    }

    @Test
    void manyKeys() {
        StringBuilder call = new StringBuilder("zunionstore t 300");
        for (int i = 0; i < 300; i++) {
            call.append(" k").append(i);
        }
        String[] words = call.toString().split(" ");
        byte[][] argv = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            argv[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        assertEquals(301, CommandKeys.keys("zunionstore", argv).size());
    }
}
