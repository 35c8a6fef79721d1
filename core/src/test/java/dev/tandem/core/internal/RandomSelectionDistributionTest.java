/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.Key;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.ZSetValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #22: every command that picks at random picks uniformly, in every encoding and for small
 * and large collections. The commands draw from generators that cannot be seeded from outside
 * (a thread-local one for reads, the keyspace's own for writes), so these hold the draws to a
 * statistical bound ({@link ChiSquare#bound}, p = 1e-5 per test, Redis's 40 for 10 bins); the
 * seeded, exact checks of the shared primitive are in {@link DictRandomTest}.
 */
class RandomSelectionDistributionTest {
    private final KeyspaceFixture ks = new KeyspaceFixture();

    /** The 10-element collections: integers (intset) and strings (hash table). */
    private static List<String> elements(String kind, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> kind.equals("int") ? Integer.toString(i) : "member:" + i)
                .toList();
    }

    private static List<String> bulks(Reply r) {
        List<Reply> items;
        if (r instanceof Reply.ArrayReply a) {
            items = a.items();
        } else if (r instanceof Reply.SetReply s) {
            items = s.items();
        } else {
            items = List.of(r);
        }
        List<String> out = new ArrayList<>(items.size());
        for (Reply item : items) {
            out.add(assertInstanceOf(Reply.BulkReply.class, item).utf8());
        }
        return out;
    }

    private void sadd(String key, List<String> members) {
        List<String> argv = new ArrayList<>(List.of("SADD", key));
        argv.addAll(members);
        ks.exec(argv.toArray(new String[0]));
    }

    private void hset(String key, List<String> fields, String value) {
        List<String> argv = new ArrayList<>(List.of("HSET", key));
        for (String f : fields) {
            argv.add(f);
            argv.add(value);
        }
        ks.exec(argv.toArray(new String[0]));
    }

    /** The encoding Redis 7.0 would use (Tandem tracks it; OBJECT is served outside core). */
    private String encoding(String key) {
        RedisValue v = ks.keyspace.database(0).peek(Key.of(key)).value();
        if (v instanceof SetValue s) {
            return s.isIntsetEncoded() ? "intset" : "hashtable";
        }
        return ((HashValue) v).isListpackEncoded() ? "listpack" : "hashtable";
    }

    private void assertSetEncoding(String key, String encoding) {
        assertEquals(encoding, encoding(key));
    }

    // ---- SRANDMEMBER -------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"int", "str"})
    void srandmemberNegativeCountIsUniformOnTenMembers(String kind) {
        List<String> members = elements(kind, 10);
        sadd("s", members);
        assertSetEncoding("s", kind.equals("int") ? "intset" : "hashtable");
        ChiSquare.Histogram<String> h = new ChiSquare.Histogram<>();
        bulks(ks.exec("SRANDMEMBER", "s", "-10000").reply()).forEach(h::add);
        h.assertUniform(members, "SRANDMEMBER s -10000, 10 " + kind);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"int", "str"})
    void srandmemberWithoutCountIsUniformOnTenMembers(String kind) {
        List<String> members = elements(kind, 10);
        sadd("s", members);
        ChiSquare.Histogram<String> h = new ChiSquare.Histogram<>();
        for (int i = 0; i < 5000; i++) {
            bulks(ks.exec("SRANDMEMBER", "s").reply()).forEach(h::add);
        }
        h.assertUniform(members, "SRANDMEMBER s x5000, 10 " + kind);
    }

    /** Count 2 of 10 takes the pick-and-skip-repeats path, count 5 the copy-and-reduce one. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"int 2", "str 2", "int 5", "str 5"})
    void srandmemberPositiveCountIsUniformAndDistinct(String spec) {
        String kind = spec.split(" ")[0];
        int count = Integer.parseInt(spec.split(" ")[1]);
        List<String> members = elements(kind, 10);
        sadd("s", members);
        ChiSquare.Histogram<String> h = new ChiSquare.Histogram<>();
        for (int i = 0; i < 2000; i++) {
            List<String> got = bulks(ks.exec("SRANDMEMBER", "s", Integer.toString(count)).reply());
            assertEquals(count, new HashSet<>(got).size(), "distinct: " + got);
            got.forEach(h::add);
        }
        h.assertUniform(members, "SRANDMEMBER s " + count + " x2000, 10 " + kind);
    }

    @Test
    void srandmemberIsUniformOnALargeSet() {
        List<String> members = elements("int", 1000); // past set-max-intset-entries: a hash table
        sadd("s", members);
        assertSetEncoding("s", "hashtable");
        ChiSquare.Histogram<String> repeats = new ChiSquare.Histogram<>();
        bulks(ks.exec("SRANDMEMBER", "s", "-100000").reply()).forEach(repeats::add);
        repeats.assertUniform(members, "SRANDMEMBER s -100000, 1000 int");
        ChiSquare.Histogram<String> distinct = new ChiSquare.Histogram<>();
        for (int i = 0; i < 5000; i++) {
            List<String> got = bulks(ks.exec("SRANDMEMBER", "s", "10").reply());
            assertEquals(10, new HashSet<>(got).size());
            got.forEach(distinct::add);
        }
        distinct.assertUniform(members, "SRANDMEMBER s 10 x5000, 1000 int");
    }

    // ---- SPOP --------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"int", "str"})
    void spopIsUniformOnAFreshTenMemberSet(String kind) {
        List<String> members = elements(kind, 10);
        ChiSquare.Histogram<String> h = new ChiSquare.Histogram<>();
        for (int i = 0; i < 5000; i++) {
            ks.exec("DEL", "s");
            sadd("s", members);
            KeyspaceFixture.Outcome o = ks.exec("SPOP", "s");
            String popped = bulks(o.reply()).get(0);
            // The replica is told which member left; it never draws a number of its own.
            o.propagates("SREM s " + popped);
            h.add(popped);
        }
        h.assertUniform(members, "SPOP on a fresh set x5000, 10 " + kind);
    }

    /** Count 3 of 200 pops one at a time; count 150 of 200 is most of the set. */
    @ParameterizedTest(name = "count {0}")
    @ValueSource(ints = {3, 150})
    void spopWithCountIsUniformOnALargerSet(int count) {
        List<String> members = elements("str", 200);
        ChiSquare.Histogram<String> h = new ChiSquare.Histogram<>();
        int rounds = 60_000 / count;
        for (int i = 0; i < rounds; i++) {
            ks.exec("DEL", "s");
            sadd("s", members);
            KeyspaceFixture.Outcome o = ks.exec("SPOP", "s", Integer.toString(count));
            List<String> popped = bulks(o.reply());
            assertEquals(count, new HashSet<>(popped).size(), "distinct");
            List<String> srems = o.result.propagated().stream().map(Propagated::render)
                    .filter(c -> c.startsWith("SREM")).toList();
            assertEquals(popped.stream().map(m -> "SREM s " + m).sorted().toList(),
                    srems.stream().sorted().toList(), "one SREM per popped member");
            popped.forEach(h::add);
        }
        ks.exec("SCARD", "s").isInteger(200 - count);
        h.assertUniform(members, "SPOP s " + count + " x" + rounds + ", 200 str");
    }

    // ---- HRANDFIELD --------------------------------------------------------------------

    /** 10 short fields (listpack), 10 with a long value and 600 fields (hash tables). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"listpack 10", "hashtable 10", "hashtable 600"})
    void hrandfieldIsUniform(String spec) {
        String encoding = spec.split(" ")[0];
        int n = Integer.parseInt(spec.split(" ")[1]);
        List<String> fields = elements("str", n);
        hset("h", fields, encoding.equals("listpack") ? "v" : "v".repeat(n > 512 ? 1 : 65));
        assertEquals(encoding, encoding("h"));
        int draws = Math.max(10_000, 100 * n);
        ChiSquare.Histogram<String> repeats = new ChiSquare.Histogram<>();
        bulks(ks.exec("HRANDFIELD", "h", Integer.toString(-draws)).reply()).forEach(repeats::add);
        repeats.assertUniform(fields, "HRANDFIELD h " + (-draws) + ", " + spec);

        ChiSquare.Histogram<String> distinct = new ChiSquare.Histogram<>();
        int count = Math.max(2, n / 100);
        for (int i = 0; i < draws / count; i++) {
            List<String> got = bulks(ks.exec("HRANDFIELD", "h", Integer.toString(count)).reply());
            assertEquals(count, new HashSet<>(got).size(), "distinct");
            got.forEach(distinct::add);
        }
        distinct.assertUniform(fields, "HRANDFIELD h " + count + ", " + spec);
    }

    @Test
    void hrandfieldWithoutCountIsUniform() {
        List<String> fields = elements("str", 10);
        hset("h", fields, "v");
        ChiSquare.Histogram<String> h = new ChiSquare.Histogram<>();
        for (int i = 0; i < 5000; i++) {
            bulks(ks.exec("HRANDFIELD", "h").reply()).forEach(h::add);
        }
        h.assertUniform(fields, "HRANDFIELD h x5000, 10 str");
    }

    @Test
    void hrandfieldWithValuesPairsEachFieldWithItsOwnValue() {
        List<String> fields = elements("str", 10);
        for (String f : fields) {
            ks.exec("HSET", "h", f, "value-of-" + f);
        }
        List<String> flat = bulks(ks.exec("HRANDFIELD", "h", "-2000", "WITHVALUES").reply());
        ChiSquare.Histogram<String> h = new ChiSquare.Histogram<>();
        for (int i = 0; i < flat.size(); i += 2) {
            assertEquals("value-of-" + flat.get(i), flat.get(i + 1));
            h.add(flat.get(i));
        }
        h.assertUniform(fields, "HRANDFIELD h -2000 WITHVALUES, 10 str");
    }

    // ---- ZRANDMEMBER -------------------------------------------------------------------

    /** 10 members (listpack), 10 with a long name and 300 members (skiplists). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"listpack 10", "skiplist 10", "skiplist 300"})
    void zrandmemberIsUniform(String spec) {
        String encoding = spec.split(" ")[0];
        int n = Integer.parseInt(spec.split(" ")[1]);
        String prefix = encoding.equals("skiplist") && n <= 128 ? "m".repeat(65) : "";
        List<String> members = elements("str", n).stream().map(m -> prefix + m).toList();
        List<String> argv = new ArrayList<>(List.of("ZADD", "z"));
        for (int i = 0; i < n; i++) {
            argv.add(Integer.toString(i % 3)); // ties too: the pick must not depend on the order
            argv.add(members.get(i));
        }
        ks.exec(argv.toArray(new String[0]));
        assertEquals(encoding, ((ZSetValue) ks.keyspace.database(0).peek(Key.of("z")).value())
                .encoding());
        int draws = Math.max(10_000, 100 * n);
        ChiSquare.Histogram<String> repeats = new ChiSquare.Histogram<>();
        bulks(ks.exec("ZRANDMEMBER", "z", Integer.toString(-draws)).reply()).forEach(repeats::add);
        repeats.assertUniform(members, "ZRANDMEMBER z " + (-draws) + ", " + spec);

        ChiSquare.Histogram<String> distinct = new ChiSquare.Histogram<>();
        int count = Math.max(2, n / 100);
        for (int i = 0; i < draws / count; i++) {
            List<String> got = bulks(ks.exec("ZRANDMEMBER", "z", Integer.toString(count)).reply());
            assertEquals(count, new HashSet<>(got).size(), "distinct");
            got.forEach(distinct::add);
        }
        distinct.assertUniform(members, "ZRANDMEMBER z " + count + ", " + spec);

        ChiSquare.Histogram<String> single = new ChiSquare.Histogram<>();
        for (int i = 0; i < draws; i++) {
            single.add(bulks(ks.exec("ZRANDMEMBER", "z").reply()).get(0));
        }
        single.assertUniform(members, "ZRANDMEMBER z x" + draws + ", " + spec);
    }

    // ---- RANDOMKEY ---------------------------------------------------------------------

    @ParameterizedTest(name = "{0} keys")
    @ValueSource(ints = {10, 1000})
    void randomkeyIsUniform(int n) {
        List<String> keys = elements("str", n);
        for (String k : keys) {
            ks.exec("SET", k, "v");
        }
        ChiSquare.Histogram<String> h = new ChiSquare.Histogram<>();
        for (int i = 0; i < Math.max(5000, 100 * n); i++) {
            h.add(bulks(ks.exec("RANDOMKEY").reply()).get(0));
        }
        h.assertUniform(keys, "RANDOMKEY, " + n + " keys");
    }

    @Test
    void randomkeyIsUniformOverTheLiveKeysOfATableThatShrank() {
        // Grown to 4096 buckets, then mostly deleted: sparse buckets and leftover chains.
        for (int i = 0; i < 3000; i++) {
            ks.exec("SET", "k" + i, "v");
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            if (i % 10 == 0) {
                keys.add("k" + i);
            } else {
                ks.exec("DEL", "k" + i);
            }
        }
        ChiSquare.Histogram<String> h = new ChiSquare.Histogram<>();
        for (int i = 0; i < 100 * keys.size(); i++) {
            h.add(bulks(ks.exec("RANDOMKEY").reply()).get(0));
        }
        assertTrue(h.counts.keySet().containsAll(keys));
        h.assertUniform(keys, "RANDOMKEY, 300 keys left of 3000");
    }
}
