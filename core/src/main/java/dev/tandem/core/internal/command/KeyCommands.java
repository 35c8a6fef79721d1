/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.Database;
import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.NotifyFlags;
import dev.tandem.core.Key;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.RedisValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generic keyspace commands (db.c, expire.c) and the transaction commands' table entries.
 * Replies, error texts and propagated forms follow Redis 7.0: EXPIRE and friends travel as
 * {@code PEXPIREAT key <abs ms> [flags]} (or {@code DEL key} when the time is already past),
 * the rest verbatim, and only when something changed — except FLUSHDB, FLUSHALL and SWAPDB,
 * which Redis always propagates.
 */
public final class KeyCommands {
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(StandardCharsets.US_ASCII);
    private static final String SAME_OBJECT = "ERR source and destination objects are the same";
    /** dbRandomKey's bound on sampling keys that turn out to be expired. */
    private static final int RANDOMKEY_MAX_TRIES = 100;

    private KeyCommands() {
    }

    public static void register(CommandTable t) {
        t.register(CommandSpec.write("del", -2, 1, -1, 1, KeyCommands::del));
        t.register(CommandSpec.write("unlink", -2, 1, -1, 1, KeyCommands::del));
        t.register(CommandSpec.read("exists", -2, 1, -1, 1, KeyCommands::exists));
        t.register(CommandSpec.read("touch", -2, 1, -1, 1, KeyCommands::exists));
        t.register(CommandSpec.read("type", 2, 1, 1, 1, KeyCommands::type));
        t.register(CommandSpec.write("expire", -3, 1, 1, 1,
                (ctx, argv) -> expire(ctx, argv, ctx.now(), true)));
        t.register(CommandSpec.write("pexpire", -3, 1, 1, 1,
                (ctx, argv) -> expire(ctx, argv, ctx.now(), false)));
        t.register(CommandSpec.write("expireat", -3, 1, 1, 1,
                (ctx, argv) -> expire(ctx, argv, 0, true)));
        t.register(CommandSpec.write("pexpireat", -3, 1, 1, 1,
                (ctx, argv) -> expire(ctx, argv, 0, false)));
        t.register(CommandSpec.write("persist", 2, 1, 1, 1, KeyCommands::persist));
        t.register(CommandSpec.read("ttl", 2, 1, 1, 1, (ctx, argv) -> ttl(ctx, argv, false, false)));
        t.register(CommandSpec.read("pttl", 2, 1, 1, 1, (ctx, argv) -> ttl(ctx, argv, true, false)));
        t.register(CommandSpec.read("expiretime", 2, 1, 1, 1,
                (ctx, argv) -> ttl(ctx, argv, false, true)));
        t.register(CommandSpec.read("pexpiretime", 2, 1, 1, 1,
                (ctx, argv) -> ttl(ctx, argv, true, true)));
        t.register(CommandSpec.write("rename", 3, 1, 2, 1, (ctx, argv) -> rename(ctx, argv, false)));
        t.register(CommandSpec.write("renamenx", 3, 1, 2, 1, (ctx, argv) -> rename(ctx, argv, true)));
        t.register(CommandSpec.write("copy", -3, 1, 2, 1, KeyCommands::copy));
        t.register(CommandSpec.write("move", 3, 1, 1, 1, KeyCommands::move));
        t.register(new CommandSpec("swapdb", 3, EnumSet.of(CommandFlag.WRITE, CommandFlag.KEYSPACE),
                0, 0, 0, KeyCommands::swapdb));
        t.register(CommandSpec.write("flushdb", -1, 0, 0, 0, KeyCommands::flushdb));
        t.register(new CommandSpec("flushall", -1, EnumSet.of(CommandFlag.WRITE,
                CommandFlag.KEYSPACE), 0, 0, 0, KeyCommands::flushall));
        t.register(CommandSpec.read("dbsize", 1, 0, 0, 0, KeyCommands::dbsize));
        t.register(CommandSpec.read("keys", 2, 0, 0, 0, KeyCommands::keys));
        t.register(new CommandSpec("scan", -2, EnumSet.of(CommandFlag.READONLY,
                CommandFlag.TOUCHES_ARBITRARY_KEYS), 0, 0, 0, KeyCommands::scan));
        t.register(new CommandSpec("randomkey", 1, EnumSet.of(CommandFlag.READONLY,
                CommandFlag.TOUCHES_ARBITRARY_KEYS), 0, 0, 0, KeyCommands::randomkey));
        // Executed by Keyspace itself (they act on the client's transaction state).
        for (String name : new String[] {"multi", "exec", "discard", "unwatch"}) {
            t.register(new CommandSpec(name, 1, EnumSet.of(CommandFlag.TRANSACTION), 0, 0, 0,
                    KeyCommands::handledByKeyspace));
        }
        t.register(new CommandSpec("watch", -2, EnumSet.of(CommandFlag.TRANSACTION), 1, -1, 1,
                KeyCommands::handledByKeyspace));
    }

    private static Reply handledByKeyspace(ExecutionContext ctx, byte[][] argv) {
        throw new IllegalStateException("transaction commands are executed by Keyspace");
    }

    /**
     * getIntFromObjectOrReply: an int argument; {@code message} (when given) replaces both the
     * not-an-integer and the out-of-range errors, as Redis does.
     */
    private static int parseInt(byte[] arg, String message) {
        Long v = Args.parseLongStrict(arg);
        if (v == null) {
            throw new RedisError(message != null ? message : RedisError.NOT_INTEGER);
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new RedisError(message != null ? message
                    : "ERR value is out of range, value must between -2147483648 and 2147483647");
        }
        return (int) (long) v;
    }

    // ---- DEL, EXISTS, TYPE -------------------------------------------------------------

    /** DEL/UNLINK: propagated verbatim when something was deleted, else nothing. */
    static Reply del(ExecutionContext ctx, byte[][] argv) {
        long deleted = 0;
        for (int i = 1; i < argv.length; i++) {
            Key key = Key.of(argv[i]);
            if (ctx.lookupWrite(key) != null) {
                ctx.db().delete(key);
                ctx.touched(key);
                ctx.notify(NotifyFlags.GENERIC, "del", key);
                deleted++;
            }
        }
        if (deleted > 0) {
            ctx.propagateVerbatim();
        }
        return Reply.integer(deleted);
    }

    /** EXISTS and TOUCH: how many of the arguments exist (a repeated key counts each time). */
    static Reply exists(ExecutionContext ctx, byte[][] argv) {
        long n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (ctx.lookupRead(Key.of(argv[i])) != null) {
                n++;
            }
        }
        return Reply.integer(n);
    }

    static Reply type(ExecutionContext ctx, byte[][] argv) {
        Entry e = ctx.lookupRead(Key.of(argv[1]));
        return Reply.simple(typeName(e));
    }

    private static String typeName(Entry e) {
        return e == null ? "none" : e.value().type().redisName();
    }

    // ---- expiry ------------------------------------------------------------------------

    /**
     * expireGenericCommand: {@code basetime} is now for EXPIRE/PEXPIRE and 0 for the *AT forms.
     * Options are parsed before the time; a time at or before now deletes the key (on a master).
     */
    static Reply expire(ExecutionContext ctx, byte[][] argv, long basetime, boolean seconds) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int j = 3; j < argv.length; j++) {
            byte[] opt = argv[j];
            if (Args.is(opt, "NX")) {
                nx = true;
            } else if (Args.is(opt, "XX")) {
                xx = true;
            } else if (Args.is(opt, "GT")) {
                gt = true;
            } else if (Args.is(opt, "LT")) {
                lt = true;
            } else {
                throw new RedisError("ERR Unsupported option " + Args.utf8(opt));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw new RedisError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw new RedisError("ERR GT and LT options at the same time are not compatible");
        }
        String command = Args.utf8(argv[0]).toLowerCase(java.util.Locale.ROOT);
        long when = Args.parseLong(argv[2]);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw StringCommands.invalidExpireTime(command);
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - basetime) {
            throw StringCommands.invalidExpireTime(command);
        }
        when += basetime;

        Key key = Key.of(argv[1]);
        Entry e = ctx.lookupWrite(key);
        if (e == null) {
            return Reply.ZERO;
        }
        long current = e.hasExpiry() ? e.expireAt() : -1;
        if ((nx && current != -1)
                || (xx && current == -1)
                || (gt && (when <= current || current == -1))
                || (lt && current != -1 && when >= current)) {
            return Reply.ZERO;
        }
        if (StringCommands.alreadyExpired(ctx, when)) {
            ctx.db().delete(key);
            ctx.touched(key);
            ctx.notify(NotifyFlags.GENERIC, "del", key);
            ctx.propagate(DEL, argv[1]);
            return Reply.ONE;
        }
        // -1 means "no TTL" to Entry; a replica storing that (past) time keeps a past time.
        ctx.db().setExpire(e, when == Entry.NO_EXPIRY ? Entry.NO_EXPIRY - 1 : when);
        byte[][] out = argv.clone();
        boolean isPexpireat = basetime == 0 && !seconds;
        if (!isPexpireat) {
            out[0] = PEXPIREAT;
            out[2] = Args.bytes(when);
        }
        ctx.propagate(out);
        ctx.touched(key);
        ctx.notify(NotifyFlags.GENERIC, "expire", key);
        return Reply.ONE;
    }

    static Reply persist(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        Entry e = ctx.lookupWrite(key);
        if (e == null || !ctx.db().persist(e)) {
            return Reply.ZERO;
        }
        ctx.touched(key);
        ctx.notify(NotifyFlags.GENERIC, "persist", key);
        ctx.propagateVerbatim();
        return Reply.ONE;
    }

    /** TTL family: -2 missing, -1 no TTL; remaining time (rounded to seconds) or absolute. */
    static Reply ttl(ExecutionContext ctx, byte[][] argv, boolean millis, boolean absolute) {
        Entry e = ctx.lookupRead(Key.of(argv[1]));
        if (e == null) {
            return Reply.integer(-2);
        }
        if (!e.hasExpiry()) {
            return Reply.integer(-1);
        }
        long ttl = absolute ? e.expireAt() : e.expireAt() - ctx.now();
        if (ttl < 0) {
            ttl = 0;
        }
        return Reply.integer(millis ? ttl : (ttl + 500) / 1000);
    }

    // ---- moving keys -------------------------------------------------------------------

    /** RENAME/RENAMENX: the TTL moves with the value; renaming a key onto itself is a no-op. */
    static Reply rename(ExecutionContext ctx, byte[][] argv, boolean nx) {
        boolean sameKey = Arrays.equals(argv[1], argv[2]);
        Key src = Key.of(argv[1]);
        Entry e = ctx.lookupWrite(src);
        if (e == null) {
            throw new RedisError(RedisError.NO_SUCH_KEY);
        }
        if (sameKey) {
            return nx ? Reply.ZERO : Reply.OK;
        }
        RedisValue value = e.value();
        long expire = e.expireAt();
        Key dst = Key.of(argv[2]);
        Database db = ctx.db();
        if (ctx.lookupWrite(dst) != null) {
            if (nx) {
                return Reply.ZERO;
            }
            db.delete(dst);
        }
        Entry moved = db.add(dst, value);
        if (expire != Entry.NO_EXPIRY) {
            db.setExpire(moved, expire);
        }
        db.delete(src);
        ctx.touched(src);
        ctx.touched(dst);
        ctx.notify(NotifyFlags.GENERIC, "rename_from", src);
        ctx.notify(NotifyFlags.GENERIC, "rename_to", dst);
        ctx.propagateVerbatim();
        return nx ? Reply.ONE : Reply.OK;
    }

    /** MOVE key db: 1 when moved; 0 when absent here or present there. */
    static Reply move(ExecutionContext ctx, byte[][] argv) {
        int srcIndex = ctx.client().db();
        int dstIndex = parseInt(argv[2], null);
        Database dst = ctx.db(dstIndex);
        if (dstIndex == srcIndex) {
            throw new RedisError(SAME_OBJECT);
        }
        Database src = ctx.db();
        Key key = Key.of(argv[1]);
        Entry e = ctx.lookupWrite(src, key);
        if (e == null) {
            return Reply.ZERO;
        }
        if (ctx.lookupWrite(dst, key) != null) {
            return Reply.ZERO;
        }
        Entry moved = dst.add(key, e.value());
        if (e.hasExpiry()) {
            dst.setExpire(moved, e.expireAt());
        }
        src.delete(key);
        ctx.touched(srcIndex, key);
        ctx.touched(dstIndex, key);
        ctx.notify(NotifyFlags.GENERIC, "move_from", key, srcIndex);
        ctx.notify(NotifyFlags.GENERIC, "move_to", key, dstIndex);
        ctx.propagateVerbatim();
        return Reply.ONE;
    }

    /** COPY source destination [DB n] [REPLACE]: a deep copy, TTL included. */
    static Reply copy(ExecutionContext ctx, byte[][] argv) {
        int srcIndex = ctx.client().db();
        int dstIndex = srcIndex;
        boolean replace = false;
        for (int j = 3; j < argv.length; j++) {
            boolean additional = j < argv.length - 1;
            if (Args.is(argv[j], "REPLACE")) {
                replace = true;
            } else if (Args.is(argv[j], "DB") && additional) {
                dstIndex = parseInt(argv[++j], null);
                ctx.db(dstIndex); // range check now, as Redis does while parsing
            } else {
                throw RedisError.syntax();
            }
        }
        Key key = Key.of(argv[1]);
        Key newKey = Key.of(argv[2]);
        if (srcIndex == dstIndex && key.equals(newKey)) {
            throw new RedisError(SAME_OBJECT);
        }
        Entry e = ctx.lookupRead(key);
        if (e == null) {
            return Reply.ZERO;
        }
        Database dst = ctx.db(dstIndex);
        boolean delete = false;
        if (ctx.lookupWrite(dst, newKey) != null) {
            if (!replace) {
                return Reply.ZERO;
            }
            delete = true;
        }
        RedisValue copy = e.value().deepCopy();
        if (delete) {
            dst.delete(newKey);
        }
        Entry added = dst.add(newKey, copy);
        if (e.hasExpiry()) {
            dst.setExpire(added, e.expireAt());
        }
        ctx.touched(dstIndex, newKey);
        ctx.notify(NotifyFlags.GENERIC, "copy_to", newKey, dstIndex);
        ctx.propagateVerbatim();
        return Reply.ONE;
    }

    // ---- whole databases ---------------------------------------------------------------

    /** SWAPDB a b: always propagated (even a == b), as Redis marks it dirty unconditionally. */
    static Reply swapdb(ExecutionContext ctx, byte[][] argv) {
        int a = parseInt(argv[1], "ERR invalid first DB index");
        int b = parseInt(argv[2], "ERR invalid second DB index");
        int count = ctx.keyspace().databaseCount();
        if (a < 0 || a >= count || b < 0 || b >= count) {
            throw new RedisError(RedisError.DB_INDEX_OUT_OF_RANGE);
        }
        ctx.swapDatabases(a, b);
        ctx.propagateVerbatim();
        return Reply.OK;
    }

    /** FLUSHDB/FLUSHALL [ASYNC|SYNC]; both are freed the same way here (detached at once). */
    private static void checkFlushArguments(byte[][] argv) {
        if (argv.length == 1) {
            return;
        }
        if (argv.length == 2 && (Args.is(argv[1], "SYNC") || Args.is(argv[1], "ASYNC"))) {
            return;
        }
        throw RedisError.syntax();
    }

    /** FLUSHDB: propagated even when the database was already empty (forceCommandPropagation). */
    static Reply flushdb(ExecutionContext ctx, byte[][] argv) {
        checkFlushArguments(argv);
        ctx.flushDatabase(ctx.client().db());
        ctx.propagateVerbatim();
        return Reply.OK;
    }

    static Reply flushall(ExecutionContext ctx, byte[][] argv) {
        checkFlushArguments(argv);
        for (int i = 0; i < ctx.keyspace().databaseCount(); i++) {
            ctx.flushDatabase(i);
        }
        ctx.propagateVerbatim();
        return Reply.OK;
    }

    /** DBSIZE counts logically expired keys that were not deleted yet, as Redis does. */
    static Reply dbsize(ExecutionContext ctx, byte[][] argv) {
        return Reply.integer(ctx.db().size());
    }

    /** KEYS pattern: matching keys that are not logically expired (they are not deleted here). */
    static Reply keys(ExecutionContext ctx, byte[][] argv) {
        byte[] pattern = argv[1];
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<Reply> out = new ArrayList<>();
        ctx.db().forEachEntry(e -> {
            if ((all || GlobPattern.matches(pattern, e.key().bytes())) && !ctx.isLogicallyExpired(e)) {
                out.add(Reply.bulk(e.key().bytes()));
            }
        });
        return Reply.array(out);
    }

    // ---- SCAN --------------------------------------------------------------------------

    /**
     * parseScanCursorOrReply: C's strtoul in base 10 — optional sign (a minus negates modulo
     * 2^64), digits, and nothing else; an empty string is cursor 0; leading space or overflow
     * is {@code ERR invalid cursor}.
     */
    static long parseCursor(byte[] s) {
        int i = 0;
        boolean negative = false;
        if (s.length > 0 && (s[0] == '+' || s[0] == '-')) {
            negative = s[0] == '-';
            i = 1;
        }
        if (i == s.length) {
            if (i == 0) {
                return 0; // strtoul("") parses nothing and leaves eptr at the terminator
            }
            throw new RedisError("ERR invalid cursor"); // "+" or "-": eptr stays at the sign
        }
        long v = 0;
        for (; i < s.length; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                throw new RedisError("ERR invalid cursor");
            }
            // Unsigned overflow check: v * 10 + d must stay below 2^64.
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                throw new RedisError("ERR invalid cursor");
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    /** SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]: {@code [next cursor, [keys]]}. */
    static Reply scan(ExecutionContext ctx, byte[][] argv) {
        long cursor = parseCursor(argv[1]);
        long count = 10;
        byte[] pattern = null;
        byte[] typeName = null;
        for (int i = 2; i < argv.length; i += 2) {
            boolean hasValue = i + 1 < argv.length;
            if (Args.is(argv[i], "COUNT") && hasValue) {
                count = Args.parseLong(argv[i + 1]);
                if (count < 1) {
                    throw RedisError.syntax();
                }
            } else if (Args.is(argv[i], "MATCH") && hasValue) {
                byte[] p = argv[i + 1];
                pattern = p.length == 1 && p[0] == '*' ? null : p;
            } else if (Args.is(argv[i], "TYPE") && hasValue) {
                typeName = argv[i + 1];
            } else {
                throw RedisError.syntax();
            }
        }
        Database db = ctx.db();
        List<Key> found = new ArrayList<>();
        // At most 10*COUNT more buckets, so a sparse table cannot stall the server.
        long maxIterations = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
        do {
            cursor = db.scan(cursor, (k, e) -> found.add(k));
        } while (cursor != 0 && maxIterations-- != 0 && found.size() < count);

        List<Reply> keys = new ArrayList<>(found.size());
        for (Key k : found) {
            if (pattern != null && !GlobPattern.matches(pattern, k.bytes())) {
                continue;
            }
            Entry e = ctx.lookupRead(db, k); // also hides (and on a master expires) expired keys
            if (typeName != null && !Args.is(typeName, typeName(e))) {
                continue;
            }
            if (e == null) {
                continue;
            }
            keys.add(Reply.bulk(k.bytes()));
        }
        return Reply.array(List.of(Reply.bulk(Long.toUnsignedString(cursor)), Reply.array(keys)));
    }

    // ---- RANDOMKEY ---------------------------------------------------------------------

    /**
     * dbRandomKey: a random key that is not expired. Expired samples are expired as they are
     * met (on a master). A replica whose keys all carry a TTL gives up after 100 expired samples
     * and returns the last one, as Redis does. Because this runs under the read lock, expired
     * keys are only deleted after the command, so a master whose sampled keys are all expired
     * finishes with a walk for a live key instead of sampling forever.
     */
    static Reply randomkey(ExecutionContext ctx, byte[][] argv) {
        Database db = ctx.db();
        boolean allVolatile = db.size() == db.expiresSize();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int tries = 1; tries <= RANDOMKEY_MAX_TRIES; tries++) {
            Entry e = db.randomEntry(random);
            if (e == null) {
                return Reply.NULL;
            }
            Key key = e.key();
            if (!ctx.isLogicallyExpired(e)) {
                return Reply.bulk(key.bytes());
            }
            if (!ctx.expiresKeys() && allVolatile && tries == RANDOMKEY_MAX_TRIES) {
                return Reply.bulk(key.bytes());
            }
            ctx.lookupRead(db, key); // expires it (now or right after this read)
        }
        Key live = null;
        List<Key> expired = new ArrayList<>();
        long cursor = 0;
        do {
            List<Entry> bucket = new ArrayList<>(2);
            cursor = db.scan(cursor, (k, e) -> bucket.add(e));
            for (Entry e : bucket) {
                if (live == null && !ctx.isLogicallyExpired(e)) {
                    live = e.key();
                } else if (ctx.isLogicallyExpired(e)) {
                    expired.add(e.key());
                }
            }
        } while (cursor != 0 && live == null);
        for (Key k : expired) {
            ctx.lookupRead(db, k); // after the walk: under a write lock this deletes
        }
        return live == null ? Reply.NULL : Reply.bulk(live.bytes());
    }
}
