/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.Database;
import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.MemoryLayout;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP (object.c memoryCommand) over the
 * keyspace's incremental accounting ({@link Keyspace#usedMemory()}). Figures are heap bytes of
 * the JVM objects that hold the data (see docs/architecture.md, "Memory accounting"), where Redis
 * reports its allocator's bytes; the allocator-only facts (fragmentation, RSS) come from the
 * JVM's heap instead.
 */
final class MemoryCommand {
    private static final String[] HELP = {
        "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
        "HELP",
        "    Prints this help.",
    };

    /** Redis's text for a node whose data set is too small to judge (MEMORY DOCTOR, empty). */
    static final String DOCTOR_EMPTY = "Hi Sam, this instance is empty or is using very little memory, my issues "
            + "detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with "
            + "some data. The new Sam and I will be back to our programming as soon as I finished rebooting.";
    static final String DOCTOR_OK = "Hi Sam, I can't find any memory issue in your instance. I can only account for "
            + "what occurs on this base.";

    private MemoryCommand() {
    }

    static void register(CommandTable t) {
        t.register(CommandSpec.read("memory", -2, 0, 0, 0, MemoryCommand::memory));
    }

    static Reply memory(ExecutionContext ctx, byte[][] argv) {
        String sub = Args.utf8(argv[1]).toLowerCase(Locale.ROOT);
        return switch (sub) {
            case "help" -> {
                arity(argv, 2, sub);
                List<Reply> lines = new ArrayList<>(HELP.length);
                for (String line : HELP) {
                    lines.add(Reply.simple(line));
                }
                yield Reply.array(lines);
            }
            case "usage" -> usage(ctx, argv);
            case "stats" -> {
                arity(argv, 2, sub);
                yield stats(ctx.keyspace());
            }
            case "doctor" -> {
                arity(argv, 2, sub);
                // Redis: fewer than 5 MB in use is too little to judge.
                yield Reply.bulk(ctx.keyspace().usedMemory() < 5L << 20 ? DOCTOR_EMPTY : DOCTOR_OK);
            }
            case "malloc-stats" -> {
                arity(argv, 2, sub);
                yield Reply.bulk(mallocStats());
            }
            case "purge" -> {
                arity(argv, 2, sub);
                yield Reply.OK; // the JVM's collector returns memory by itself; as Redis without jemalloc
            }
            default -> throw new RedisError("ERR unknown subcommand '" + Args.utf8(argv[1]) + "'. Try MEMORY HELP.");
        };
    }

    private static void arity(byte[][] argv, int n, String sub) {
        if (argv.length != n) {
            throw RedisError.wrongArity("memory|" + sub);
        }
    }

    /**
     * {@code MEMORY USAGE key [SAMPLES count]}: the key's entry, key and value as the accounting
     * measures them, with {@code count} samples of a big collection (0: all), plus its TTL node.
     */
    private static Reply usage(ExecutionContext ctx, byte[][] argv) {
        if (argv.length < 3) {
            throw RedisError.wrongArity("memory|usage");
        }
        long samples = MemoryLayout.DEFAULT_SAMPLES;
        for (int j = 3; j < argv.length; j++) {
            if (Args.utf8(argv[j]).equalsIgnoreCase("samples") && j + 1 < argv.length) {
                samples = Args.parseLong(argv[++j]);
                if (samples < 0) {
                    throw new RedisError("ERR syntax error");
                }
                if (samples == 0) {
                    samples = Long.MAX_VALUE;
                }
            } else {
                throw new RedisError("ERR syntax error");
            }
        }
        Entry e = ctx.lookupReadNoTouch(Key.of(argv[2]));
        if (e == null) {
            return Reply.NULL;
        }
        int n = samples >= Integer.MAX_VALUE ? 0 : (int) samples;
        long bytes = MemoryLayout.shallow(Entry.class) + MemoryLayout.key(e.key()) + e.value().memoryUsage(n);
        return Reply.integer(bytes);
    }

    private static Reply stats(Keyspace ks) {
        long used = ks.usedMemory();
        long keys = 0;
        List<Reply> out = new ArrayList<>();
        long overhead = 0;
        List<Reply> dbs = new ArrayList<>();
        for (int i = 0; i < ks.databaseCount(); i++) {
            Database db = ks.database(i);
            keys += db.size();
            if (db.size() == 0) {
                continue;
            }
            long tables = db.tableBytes();
            overhead += tables;
            dbs.add(Reply.bulk("db." + i));
            dbs.add(Reply.array(List.of(Reply.bulk("overhead.hashtable.main"), Reply.integer(db.keyTableBytes()),
                    Reply.bulk("overhead.hashtable.expires"), Reply.integer(tables - db.keyTableBytes()))));
        }
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        long peak = ks.memoryPeak();
        long dataset = used - overhead;
        add(out, "peak.allocated", Reply.integer(peak));
        add(out, "total.allocated", Reply.integer(used));
        add(out, "startup.allocated", Reply.integer(0));
        add(out, "replication.backlog", Reply.integer(0));
        add(out, "clients.slaves", Reply.integer(0));
        add(out, "clients.normal", Reply.integer(0));
        add(out, "cluster.links", Reply.integer(0));
        add(out, "aof.buffer", Reply.integer(0));
        add(out, "lua.caches", Reply.integer(0));
        add(out, "functions.caches", Reply.integer(0));
        add(out, "overhead.total", Reply.integer(overhead));
        for (int i = 0; i < dbs.size(); i += 2) {
            out.add(dbs.get(i));
            out.add(dbs.get(i + 1));
        }
        add(out, "keys.count", Reply.integer(keys));
        add(out, "keys.bytes-per-key", Reply.integer(keys == 0 ? 0 : used / keys));
        add(out, "dataset.bytes", Reply.integer(dataset));
        add(out, "dataset.percentage", new Reply.DoubleReply(used == 0 ? 0 : dataset * 100.0 / used));
        add(out, "peak.percentage", new Reply.DoubleReply(peak == 0 ? 0 : used * 100.0 / peak));
        add(out, "allocator.allocated", Reply.integer(heapUsed));
        add(out, "allocator.active", Reply.integer(rt.totalMemory()));
        add(out, "allocator.resident", Reply.integer(rt.totalMemory()));
        add(out, "allocator-fragmentation.ratio", new Reply.DoubleReply(ratio(rt.totalMemory(), heapUsed)));
        add(out, "allocator-fragmentation.bytes", Reply.integer(rt.totalMemory() - heapUsed));
        add(out, "allocator-rss.ratio", new Reply.DoubleReply(1.0));
        add(out, "allocator-rss.bytes", Reply.integer(0));
        add(out, "rss-overhead.ratio", new Reply.DoubleReply(1.0));
        add(out, "rss-overhead.bytes", Reply.integer(0));
        add(out, "fragmentation", new Reply.DoubleReply(ratio(rt.totalMemory(), used)));
        add(out, "fragmentation.bytes", Reply.integer(rt.totalMemory() - used));
        return new Reply.MapReply(out);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static void add(List<Reply> out, String name, Reply value) {
        out.add(Reply.bulk(name));
        out.add(value);
    }

    /** The JVM's heap pools in place of jemalloc's report. */
    private static String mallocStats() {
        StringBuilder sb = new StringBuilder("___ Begin JVM heap statistics ___\n");
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            java.lang.management.MemoryUsage u = pool.getUsage();
            sb.append(pool.getName()).append(" (").append(pool.getType()).append("): used=").append(u.getUsed())
                    .append(" committed=").append(u.getCommitted()).append(" max=").append(u.getMax()).append('\n');
        }
        return sb.append("--- End JVM heap statistics ---\n").toString();
    }
}
