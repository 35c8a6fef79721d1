/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.NotifyFlags;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.Args;
import dev.tandem.core.internal.command.CommandFlag;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.RedisValue;
import dev.tandem.rdb.write.DumpPayload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * DUMP and RESTORE (cluster.c dumpCommand/restoreCommand), added to a keyspace's command table
 * by the module that owns the RDB value codec: core cannot encode RDB (it does not depend on
 * this module), and the commands must run inside the keyspace's write path (locks, MULTI,
 * propagation) like any data command — so this module registers them into core's table, as
 * {@code tandem-scripting} registers EVAL.
 *
 * <p>RESTORE as Redis 7.0.15: options {@code REPLACE}, {@code ABSTTL}, {@code IDLETIME s} and
 * {@code FREQ f} (validated; Tandem keeps no per-key LRU/LFU clock yet, so they have no further
 * effect), {@code BUSYKEY} before the TTL and payload are checked, a TTL already in the past
 * deleting instead of creating (propagated as {@code DEL} when REPLACE removed a key), and a
 * relative TTL propagated as the absolute time with {@code ABSTTL} appended, so a replica
 * applying it later gets the same expiry.
 */
public final class DumpRestoreCommands {
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);

    private DumpRestoreCommands() {
    }

    /** Adds DUMP and RESTORE to {@code table}. */
    public static CommandTable register(CommandTable table) {
        table.register(CommandSpec.read("dump", 2, 1, 1, 1, DumpRestoreCommands::dump));
        table.register(new CommandSpec("restore", -4, EnumSet.of(CommandFlag.WRITE), 1, 1, 1,
                DumpRestoreCommands::restore));
        return table;
    }

    static Reply dump(ExecutionContext ctx, byte[][] argv) {
        Entry e = ctx.lookupRead(Key.of(argv[1]));
        if (e == null) {
            return Reply.bulkOrNull(null);
        }
        // rdbcompression's default; the payload restores the same value either way.
        return Reply.bulk(DumpPayload.encode(e.value(), true));
    }

    static Reply restore(ExecutionContext ctx, byte[][] argv) {
        boolean replace = false;
        boolean absTtl = false;
        long idle = -1;
        long freq = -1;
        for (int j = 4; j < argv.length; j++) {
            int additional = argv.length - j - 1;
            if (Args.is(argv[j], "replace")) {
                replace = true;
            } else if (Args.is(argv[j], "absttl")) {
                absTtl = true;
            } else if (Args.is(argv[j], "idletime") && additional >= 1 && freq == -1) {
                idle = Args.parseLong(argv[++j]);
                if (idle < 0) {
                    throw new RedisError("ERR Invalid IDLETIME value, must be >= 0");
                }
            } else if (Args.is(argv[j], "freq") && additional >= 1 && idle == -1) {
                freq = Args.parseLong(argv[++j]);
                if (freq < 0 || freq > 255) {
                    throw new RedisError("ERR Invalid FREQ value, must be >= 0 and <= 255");
                }
            } else {
                throw RedisError.syntax();
            }
        }
        Key key = Key.of(argv[1]);
        if (!replace && ctx.lookupWrite(key) != null) {
            throw new RedisError("BUSYKEY Target key name already exists.");
        }
        long ttl = Args.parseLong(argv[2]);
        if (ttl < 0) {
            throw new RedisError("ERR Invalid TTL value, must be >= 0");
        }
        byte[] payload = argv[3];
        if (!DumpPayload.verify(payload, false)) {
            throw new RedisError("ERR DUMP payload version or checksum are wrong");
        }
        RedisValue value;
        try {
            value = DumpPayload.decode(payload, ctx.keyspace().encodingLimits());
        } catch (DumpPayload.InvalidPayloadException ex) {
            throw new RedisError("ERR " + ex.getMessage());
        }

        boolean deleted = replace && ctx.db().delete(key) != null;
        if (ttl != 0 && !absTtl) {
            ttl += ctx.now();
        }
        if (ttl != 0 && ttl <= ctx.now() && ctx.expiresKeys()) {
            if (deleted) {
                ctx.touched(key);
                ctx.notify(NotifyFlags.GENERIC, "del", key);
                ctx.propagate(DEL, argv[1]);
            }
            return Reply.OK;
        }
        Entry entry = ctx.db().add(key, value);
        if (ttl != 0) {
            ctx.db().setExpire(entry, ttl);
        }
        ctx.touched(key);
        ctx.notify(NotifyFlags.GENERIC, "restore", key);
        if (ttl != 0 && !absTtl) {
            byte[][] rewritten = Arrays.copyOf(argv, argv.length + 1);
            rewritten[2] = Long.toString(ttl).getBytes(StandardCharsets.US_ASCII);
            rewritten[argv.length] = ABSTTL;
            ctx.propagate(rewritten);
        } else {
            ctx.propagateVerbatim();
        }
        return Reply.OK;
    }
}
