/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.Dict;
import dev.tandem.core.Key;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The collection values' public API, which the RDB writer and the digest rely on. */
class CollectionValuesTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> contents(ListValue l) {
        List<String> out = new ArrayList<>();
        for (byte[] e : l) {
            out.add(new String(e, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Random operations on the ring buffer and on an ArrayList model must agree throughout. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void listMatchesModelUnderRandomOperations(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ListValue list = new ListValue();
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 5000; step++) {
            String v = "v" + step;
            int op = random.nextInt(10);
            switch (op) {
                case 0, 1 -> {
                    list.addFirst(b(v));
                    model.add(0, v);
                }
                case 2, 3 -> {
                    list.addLast(b(v));
                    model.add(v);
                }
                case 4 -> {
                    byte[] got = list.removeFirst();
                    String want = model.isEmpty() ? null : model.remove(0);
                    assertEquals(want, got == null ? null : new String(got, StandardCharsets.UTF_8));
                }
                case 5 -> {
                    byte[] got = list.removeLast();
                    String want = model.isEmpty() ? null : model.remove(model.size() - 1);
                    assertEquals(want, got == null ? null : new String(got, StandardCharsets.UTF_8));
                }
                case 6 -> {
                    int at = random.nextInt(model.size() + 1);
                    list.insert(at, b(v));
                    model.add(at, v);
                }
                case 7 -> {
                    if (!model.isEmpty()) {
                        int at = random.nextInt(model.size());
                        assertEquals(model.remove(at),
                                new String(list.removeAt(at), StandardCharsets.UTF_8));
                    }
                }
                case 8 -> {
                    if (!model.isEmpty()) {
                        int n = random.nextInt(model.size() + 1);
                        if (random.nextBoolean()) {
                            list.removeFirst(n);
                            model.subList(0, n).clear();
                        } else {
                            list.removeLast(n);
                            model.subList(model.size() - n, model.size()).clear();
                        }
                    }
                }
                default -> {
                    if (!model.isEmpty()) {
                        int at = random.nextInt(model.size());
                        list.set(at, b(v));
                        model.set(at, v);
                    }
                }
            }
            assertEquals(model.size(), list.size());
            if (step % 97 == 0) {
                assertEquals(model, contents(list));
                for (int i = 0; i < model.size(); i++) {
                    assertArrayEquals(b(model.get(i)), list.get(i));
                }
            }
        }
        assertEquals(model, contents(list));
    }

    @Test
    void listGrowsAndShrinks() {
        ListValue list = new ListValue();
        for (int i = 0; i < 10_000; i++) {
            list.addLast(b(Integer.toString(i)));
        }
        for (int i = 0; i < 9_990; i++) {
            list.removeFirst();
        }
        assertEquals(List.of("9990", "9991", "9992", "9993", "9994", "9995", "9996", "9997",
                "9998", "9999"), contents(list));
        assertEquals("9990", new String(list.first(), StandardCharsets.UTF_8));
        assertEquals("9999", new String(list.last(), StandardCharsets.UTF_8));
    }

    @Test
    void listRejectsBadIndexesAndNulls() {
        ListValue list = new ListValue();
        list.addLast(b("a"));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> list.insert(2, b("x")));
        assertThrows(IndexOutOfBoundsException.class, () -> list.removeFirst(2));
        assertThrows(NullPointerException.class, () -> list.addFirst(null));
        assertNull(new ListValue().first());
        assertEquals(0, new ListValue(Integer.MAX_VALUE).size(), "a huge hint is capped, not allocated");
    }

    @Test
    void listIteratorFailsFastOnChange() {
        ListValue list = new ListValue();
        list.addLast(b("a"));
        list.addLast(b("b"));
        Iterator<byte[]> it = list.iterator();
        it.next();
        list.addLast(b("c"));
        assertThrows(ConcurrentModificationException.class, it::next);
    }

    @Test
    void listDeepCopyIsIndependent() {
        ListValue list = new ListValue();
        list.addLast(b("a"));
        list.addLast(b("b"));
        ListValue copy = list.deepCopy();
        list.removeFirst();
        list.set(0, b("z"));
        assertEquals(List.of("a", "b"), contents(copy));
        assertEquals(ValueType.LIST, copy.type());
    }

    @Test
    void hashApiAndDeepCopy() {
        HashValue h = new HashValue();
        assertTrue(h.put(Key.of("f"), b("1")));
        assertFalse(h.put(Key.of("f"), b("2")));
        assertTrue(h.put(Key.of("g"), b("3")));
        assertArrayEquals(b("2"), h.get(Key.of("f")));
        assertEquals(2, h.size());
        HashValue copy = h.deepCopy();
        assertTrue(h.remove(Key.of("f")));
        assertFalse(h.remove(Key.of("f")));
        h.put(Key.of("g"), b("changed"));
        assertEquals(2, copy.size());
        assertArrayEquals(b("3"), copy.get(Key.of("g")));
        Set<String> fields = new HashSet<>();
        for (HashValue.Field n : copy) {
            fields.add(n.key().toString());
        }
        assertEquals(Set.of("f", "g"), fields);
        assertTrue(copy.randomField(new SplittableRandom(1)) != null);
        assertNull(new HashValue().randomField(new SplittableRandom(1)));
        assertEquals(ValueType.HASH, copy.type());
    }

    @Test
    void hashEncodingLimits() {
        HashValue h = new HashValue();
        for (int i = 0; i < HashValue.MAX_LISTPACK_ENTRIES; i++) {
            h.put(Key.of("f" + i), b("v"));
        }
        assertTrue(h.isListpackEncoded());
        h.put(Key.of("one-more"), b("v"));
        assertFalse(h.isListpackEncoded());
        HashValue longField = new HashValue();
        longField.put(Key.of("x".repeat(HashValue.MAX_LISTPACK_VALUE)), b("v"));
        assertTrue(longField.isListpackEncoded());
        longField.put(Key.of("y".repeat(HashValue.MAX_LISTPACK_VALUE + 1)), b("v"));
        assertFalse(longField.isListpackEncoded());
    }

    @Test
    void setApiScanAndDeepCopy() {
        SetValue s = new SetValue();
        for (int i = 0; i < 100; i++) {
            assertTrue(s.add(Key.of("m" + i)));
        }
        assertFalse(s.add(Key.of("m0")));
        assertTrue(s.contains(Key.of("m5")));
        SetValue copy = s.deepCopy();
        assertTrue(s.remove(Key.of("m5")));
        assertTrue(copy.contains(Key.of("m5")));
        Set<Key> seen = new HashSet<>();
        long cursor = 0;
        do {
            cursor = copy.scan(cursor, seen::add);
        } while (cursor != 0);
        assertEquals(100, seen.size());
        Set<Key> iterated = new HashSet<>();
        copy.iterator().forEachRemaining(iterated::add);
        assertEquals(seen, iterated);
        assertTrue(copy.contains(copy.randomMember(new SplittableRandom(7))));
        assertEquals(ValueType.SET, copy.type());
    }

    @Test
    void intsetMembersSortNumerically() {
        SetValue s = new SetValue();
        for (String m : new String[] {"10", "-3", "0", "9223372036854775807", "-9223372036854775808"}) {
            s.add(Key.of(m));
        }
        assertTrue(s.isIntsetEncoded());
        assertArrayEquals(new long[] {Long.MIN_VALUE, -3, 0, 10, Long.MAX_VALUE},
                s.sortedIntMembers());
        s.add(Key.of("x"));
        assertFalse(s.isIntsetEncoded());
        assertThrows(IllegalStateException.class, s::sortedIntMembers);
        SetValue big = new SetValue();
        for (int i = 0; i <= SetValue.MAX_INTSET_ENTRIES; i++) {
            big.add(Key.of(Integer.toString(i)));
        }
        assertFalse(big.isIntsetEncoded(), "more than 512 members");
        assertFalse(SetValue.forFirstMember(Key.of("a")).isIntsetEncoded());
        assertTrue(SetValue.forFirstMember(Key.of("-1")).isIntsetEncoded());
    }
}
