/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.NotifyFlags;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.StringValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * HyperLogLog commands (hyperloglog.c of Redis 7.0.15): PFADD, PFCOUNT, PFMERGE, PFDEBUG and
 * PFSELFTEST over string values in Redis's exact representation ({@link Hll}).
 *
 * <p>Propagation follows Redis 7.0, where these commands go out verbatim whenever they dirtied
 * the dataset: PFADD when a register (or the key) changed, PFMERGE always, PFCOUNT of one key
 * when it refreshed the cached cardinality in the value's header (a read that writes: replicas
 * must hold the same bytes for DEBUG DIGEST to agree), PFDEBUG GETREG/TODENSE when they
 * converted a sparse value to dense.
 */
public final class HyperLogLogCommands {
    static final String INVALID_HLL = "INVALIDOBJ Corrupted HLL object detected";
    static final String NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";

    private HyperLogLogCommands() {
    }

    public static void register(CommandTable t) {
        t.register(CommandSpec.write("pfadd", -2, 1, 1, 1, HyperLogLogCommands::pfadd));
        // A read for the write policy (a read-only replica serves it, as Redis's READONLY +
        // MAY_REPLICATE), run under the write lock since it may refresh the cached cardinality.
        t.register(new CommandSpec("pfcount", -2,
                EnumSet.of(CommandFlag.READONLY, CommandFlag.MAY_REPLICATE), 1, -1, 1,
                HyperLogLogCommands::pfcount));
        t.register(CommandSpec.write("pfmerge", -2, 1, -1, 1, HyperLogLogCommands::pfmerge));
        t.register(CommandSpec.write("pfdebug", 3, 2, 2, 1, HyperLogLogCommands::pfdebug));
        t.register(new CommandSpec("pfselftest", 1, EnumSet.noneOf(CommandFlag.class), 0, 0, 0,
                HyperLogLogCommands::pfselftest));
    }

    /** {@code hll-sparse-max-bytes} of the keyspace. */
    private static int sparseMaxBytes(ExecutionContext ctx) {
        return ctx.keyspace().hllSparseMaxBytes();
    }

    /**
     * isHLLObjectOrReply: a non-string is the usual WRONGTYPE, a string that is not an HLL the
     * HyperLogLog one.
     */
    private static Hll hll(Entry e) {
        StringValue v = StringCommands.stringValue(e);
        if (v == null) {
            return null;
        }
        if (!Hll.isValid(v.bytes())) {
            throw new RedisError(NOT_HLL);
        }
        return Hll.of(v.bytes());
    }

    /** PFADD key [element ...]: 1 if the key was created or a register changed. */
    static Reply pfadd(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        Entry e = ctx.lookupWrite(key);
        Hll h = hll(e);
        boolean created = h == null;
        if (created) {
            h = Hll.empty();
        }
        int updated = created ? 1 : 0;
        int maxBytes = sparseMaxBytes(ctx);
        for (int j = 2; j < argv.length; j++) {
            int r = h.add(argv[j], maxBytes);
            if (r < 0) {
                // Redis edits the value in place: the elements added before the corrupt part
                // was met stay (with the cache invalidated), unpropagated and unsignalled.
                if (updated > 0) {
                    e.setValue(StringValue.of(h.toBytes()));
                }
                throw new RedisError(INVALID_HLL);
            }
            updated += r;
        }
        if (updated == 0) {
            return Reply.ZERO;
        }
        h.invalidateCache();
        store(ctx, key, e, h);
        return Reply.ONE;
    }

    private static void store(ExecutionContext ctx, Key key, Entry e, Hll h) {
        StringValue v = StringValue.of(h.toBytes());
        if (e == null) {
            ctx.db().add(key, v);
        } else {
            e.setValue(v);
        }
        ctx.touched(key);
        ctx.notify(NotifyFlags.STRING, "pfadd", key); // PFMERGE too: Redis names both "pfadd"
        ctx.propagateVerbatim();
    }

    /**
     * PFCOUNT key [key ...]: one key's cached cardinality (recomputed and stored when stale), or
     * the cardinality of several keys' union (never cached).
     */
    static Reply pfcount(ExecutionContext ctx, byte[][] argv) {
        if (argv.length > 2) {
            byte[] max = new byte[Hll.REGISTERS];
            for (int j = 1; j < argv.length; j++) {
                Hll h = hll(ctx.lookupRead(Key.of(argv[j])));
                if (h == null) {
                    continue; // a missing key is an empty HLL
                }
                if (!h.mergeInto(max)) {
                    throw new RedisError(INVALID_HLL);
                }
            }
            return Reply.integer(Hll.countRaw(max));
        }
        Key key = Key.of(argv[1]);
        Hll h = hll(ctx.lookupRead(key));
        if (h == null) {
            return Reply.ZERO;
        }
        if (h.cacheValid()) {
            return Reply.integer(h.cachedCardinality());
        }
        long card = h.count();
        if (card < 0) {
            throw new RedisError(INVALID_HLL);
        }
        // Inside a read-only context (a read-only transaction or script under the read lock)
        // the value cannot change: the count is answered without refreshing the cache.
        if (ctx.isWriteLocked()) {
            h.cacheCardinality(card);
            Entry e = ctx.lookupWrite(key);
            e.setValue(StringValue.of(h.toBytes()));
            ctx.touched(key);
            ctx.propagateVerbatim();
        }
        return Reply.integer(card);
    }

    /** PFMERGE destkey [sourcekey ...]: the union into destkey (itself one of the inputs). */
    static Reply pfmerge(ExecutionContext ctx, byte[][] argv) {
        byte[] max = new byte[Hll.REGISTERS];
        boolean useDense = false;
        for (int j = 1; j < argv.length; j++) {
            Hll h = hll(ctx.lookupRead(Key.of(argv[j])));
            if (h == null) {
                continue;
            }
            // a dense input makes the destination dense right away (Redis saves the conversion)
            useDense |= h.encoding() == Hll.DENSE;
            if (!h.mergeInto(max)) {
                throw new RedisError(INVALID_HLL);
            }
        }
        Key key = Key.of(argv[1]);
        Entry e = ctx.lookupWrite(key);
        Hll dest = e == null ? Hll.empty() : hll(e);
        if (useDense && !dest.sparseToDense()) {
            throw new RedisError(INVALID_HLL);
        }
        int maxBytes = sparseMaxBytes(ctx);
        for (int j = 0; j < Hll.REGISTERS; j++) {
            if (max[j] != 0) {
                dest.set(j, max[j], maxBytes);
            }
        }
        dest.invalidateCache();
        store(ctx, key, e, dest);
        return Reply.OK;
    }

    /** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key. */
    static Reply pfdebug(ExecutionContext ctx, byte[][] argv) {
        String sub = new String(argv[1], StandardCharsets.UTF_8);
        Key key = Key.of(argv[2]);
        Entry e = ctx.lookupWrite(key);
        if (e == null) {
            throw new RedisError("ERR The specified key does not exist");
        }
        Hll h = hll(e);
        if (Args.is(argv[1], "GETREG")) {
            if (h.encoding() == Hll.SPARSE) {
                if (!h.sparseToDense()) {
                    throw new RedisError(INVALID_HLL);
                }
                storeConverted(ctx, key, e, h);
            }
            List<Reply> regs = new ArrayList<>(Hll.REGISTERS);
            for (int r : h.registers()) {
                regs.add(Reply.integer(r));
            }
            return Reply.array(regs);
        }
        if (Args.is(argv[1], "DECODE")) {
            if (h.encoding() != Hll.SPARSE) {
                throw new RedisError("ERR HLL encoding is not sparse");
            }
            return Reply.bulk(h.decode());
        }
        if (Args.is(argv[1], "ENCODING")) {
            return Reply.simple(h.encoding() == Hll.DENSE ? "dense" : "sparse");
        }
        if (Args.is(argv[1], "TODENSE")) {
            if (h.encoding() != Hll.SPARSE) {
                return Reply.ZERO;
            }
            if (!h.sparseToDense()) {
                throw new RedisError(INVALID_HLL);
            }
            storeConverted(ctx, key, e, h);
            return Reply.ONE;
        }
        throw new RedisError("ERR Unknown PFDEBUG subcommand '" + sub + "'");
    }

    /** A conversion to dense keeps the cache bytes: Redis propagates it as the command itself. */
    private static void storeConverted(ExecutionContext ctx, Key key, Entry e, Hll h) {
        e.setValue(StringValue.of(h.toBytes()));
        ctx.touched(key);
        ctx.propagateVerbatim();
    }

    private static final int SELFTEST_CYCLES = 1000;

    /**
     * PFSELFTEST: Redis's two self-checks, on this implementation: random register values read
     * back unchanged without disturbing their neighbours, and the estimate of 1..10^7 distinct
     * elements staying within six standard errors, dense and sparse agreeing.
     */
    static Reply pfselftest(ExecutionContext ctx, byte[][] argv) {
        SplittableRandom random = new SplittableRandom(ctx.random().nextLong());
        byte[] regs = new byte[Hll.DENSE_SIZE - Hll.HDR_SIZE];
        int[] expected = new int[Hll.REGISTERS];
        for (int cycle = 0; cycle < SELFTEST_CYCLES; cycle++) {
            for (int i = 0; i < Hll.REGISTERS; i++) {
                int r = random.nextInt() & Hll.REGISTER_MAX;
                expected[i] = r;
                Hll.denseSet(regs, 0, i, r);
            }
            for (int i = 0; i < Hll.REGISTERS; i++) {
                int val = Hll.denseGet(regs, 0, i);
                if (val != expected[i]) {
                    return Reply.error("TESTFAILED Register " + i + " should be " + expected[i]
                            + " but is " + val);
                }
            }
        }
        Hll dense = Hll.empty();
        dense.sparseToDense();
        Hll sparse = Hll.empty();
        int maxBytes = sparseMaxBytes(ctx);
        double relerr = 1.04 / Math.sqrt(Hll.REGISTERS);
        long checkpoint = 1;
        long seed = random.nextLong();
        byte[] ele = new byte[8];
        for (long j = 1; j <= 10_000_000L; j++) {
            long v = j ^ seed;
            for (int k = 0; k < 8; k++) {
                ele[k] = (byte) (v >>> (8 * k));
            }
            dense.add(ele, maxBytes);
            sparse.add(ele, maxBytes);
            if (j != checkpoint) {
                continue;
            }
            if (j < maxBytes / 2 && sparse.encoding() != Hll.SPARSE) {
                return Reply.error("TESTFAILED sparse encoding not used");
            }
            long denseCount = dense.count();
            if (denseCount != sparse.count()) {
                return Reply.error("TESTFAILED dense/sparse disagree");
            }
            long abserr = Math.abs(checkpoint - denseCount);
            long maxerr = j == 10 ? 1 : (long) Math.ceil(relerr * 6 * checkpoint);
            if (abserr > maxerr) {
                return Reply.error("TESTFAILED Too big error. card:" + checkpoint + " abserr:" + abserr);
            }
            checkpoint *= 10;
        }
        return Reply.OK;
    }
}
