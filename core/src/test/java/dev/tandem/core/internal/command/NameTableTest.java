/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The case-insensitive name table that resolves request names without building Strings. */
class NameTableTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void matchesAsciiLettersInAnyCaseAndGivesTheCanonicalName() {
        NameTable<Integer> t = new NameTable<>();
        t.put("get", 1);
        t.put("SET", 2); // stored lower-cased
        for (String spelling : new String[] {"get", "GET", "Get", "gEt"}) {
            assertEquals(1, t.get(b(spelling)));
            assertEquals("get", t.entry(b(spelling)).name());
        }
        assertEquals(2, t.get(b("set")));
        assertEquals("set", t.entry(b("sEt")).name());
        assertSame(t.entry(b("GET")).name(), t.entry(b("get")).name()); // one shared String
    }

    @Test
    void foldsOnlyAsciiLetters() {
        NameTable<String> t = new NameTable<>();
        t.put("a@b", "at");
        t.put("x[", "bracket");
        // '@' (0x40) and '`' (0x60), '[' (0x5b) and '{' (0x7b) differ by the case bit but are not letters.
        assertEquals("at", t.get(b("A@B")));
        assertNull(t.get(b("a`b")));
        assertEquals("bracket", t.get(b("X[")));
        assertNull(t.get(b("x{")));
        // Latin-1 letters are not folded (Redis compares with strcasecmp in the C locale).
        t.put("\u00e9t\u00e9", "latin");
        assertEquals("latin", t.get(new byte[] {(byte) 0xe9, 't', (byte) 0xe9}));
        assertNull(t.get(new byte[] {(byte) 0xc9, 't', (byte) 0xc9}));
    }

    @Test
    void missesPrefixesExtensionsAndEmptyNames() {
        NameTable<Integer> t = new NameTable<>();
        t.put("hset", 1);
        assertNull(t.get(b("hse")));
        assertNull(t.get(b("hsetnx")));
        assertNull(t.get(new byte[0]));
        assertEquals(1, t.entry(b("xxHSETyy"), 2, 4).value());
    }

    @Test
    void growsAndReplacesWithoutLosingEntries() {
        NameTable<Integer> t = new NameTable<>();
        for (int i = 0; i < 1000; i++) {
            t.put("cmd" + i, i);
        }
        t.put("CMD7", -7);
        assertEquals(1000, t.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i == 7 ? -7 : i, t.get(b("CmD" + i)));
        }
        assertNull(t.get(b("cmd1000")));
    }

    @Test
    void theStandardCommandTableResolvesEveryCommandInUpperCase() {
        CommandTable table = CommandTable.standard();
        for (CommandSpec spec : table.all()) {
            byte[] upper = b(spec.name().toUpperCase(java.util.Locale.ROOT));
            assertSame(spec, table.lookup(upper));
            assertEquals(spec.name(), table.entry(upper).name());
        }
        assertNull(table.lookup(b("nosuchcommand")));
        assertNull(table.entry(new byte[100])); // longer than any name: not even hashed
    }
}
