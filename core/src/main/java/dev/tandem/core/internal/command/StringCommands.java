/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.NotifyFlags;
import dev.tandem.core.Key;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.StringValue;
import dev.tandem.core.value.ValueType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * String commands (t_string.c), with Redis 7.0's replies, error texts and propagated forms:
 * relative and second-based expiries travel as {@code SET k v PXAT <ms>} or
 * {@code PEXPIREAT k <ms>}, GETSET as {@code SET}, GETDEL as {@code DEL}, INCRBYFLOAT as
 * {@code SET k <result> KEEPTTL}; everything else verbatim, and only when something changed.
 */
public final class StringCommands {
    /** proto-max-bulk-len's default: the largest string SETRANGE and APPEND may build. */
    public static final long PROTO_MAX_BULK_LEN = 512L * 1024 * 1024;
    /**
     * Even the master's stream (exempt from proto-max-bulk-len in Redis) cannot make a string
     * larger than a Java array can hold.
     */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private static final byte[] SET = bytes("SET");
    private static final byte[] DEL = bytes("DEL");
    private static final byte[] PXAT = bytes("PXAT");
    private static final byte[] PEXPIREAT = bytes("PEXPIREAT");
    private static final byte[] PERSIST = bytes("PERSIST");
    private static final byte[] KEEPTTL = bytes("KEEPTTL");
    private static final byte[] EMPTY = new byte[0];

    private StringCommands() {
    }

    public static void register(CommandTable t) {
        t.register(CommandSpec.read("get", 2, 1, 1, 1, StringCommands::get));
        t.register(CommandSpec.write("set", -3, 1, 1, 1, StringCommands::set));
        t.register(CommandSpec.write("setnx", 3, 1, 1, 1, StringCommands::setnx));
        t.register(CommandSpec.write("setex", 4, 1, 1, 1, StringCommands::setex));
        t.register(CommandSpec.write("psetex", 4, 1, 1, 1, StringCommands::psetex));
        t.register(CommandSpec.write("getset", 3, 1, 1, 1, StringCommands::getset));
        t.register(CommandSpec.write("getdel", 2, 1, 1, 1, StringCommands::getdel));
        t.register(CommandSpec.write("getex", -2, 1, 1, 1, StringCommands::getex));
        t.register(CommandSpec.write("append", 3, 1, 1, 1, StringCommands::append));
        t.register(CommandSpec.write("setrange", 4, 1, 1, 1, StringCommands::setrange));
        t.register(CommandSpec.read("getrange", 4, 1, 1, 1, StringCommands::getrange));
        t.register(CommandSpec.read("substr", 4, 1, 1, 1, StringCommands::getrange));
        t.register(CommandSpec.write("incr", 2, 1, 1, 1, (ctx, argv) -> incrDecr(ctx, argv, 1)));
        t.register(CommandSpec.write("decr", 2, 1, 1, 1, (ctx, argv) -> incrDecr(ctx, argv, -1)));
        t.register(CommandSpec.write("incrby", 3, 1, 1, 1, StringCommands::incrby));
        t.register(CommandSpec.write("decrby", 3, 1, 1, 1, StringCommands::decrby));
        t.register(CommandSpec.write("incrbyfloat", 3, 1, 1, 1, StringCommands::incrbyfloat));
        t.register(CommandSpec.write("mset", -3, 1, -1, 2, (ctx, argv) -> mset(ctx, argv, false)));
        t.register(CommandSpec.write("msetnx", -3, 1, -1, 2, (ctx, argv) -> mset(ctx, argv, true)));
        t.register(CommandSpec.read("mget", -2, 1, -1, 1, StringCommands::mget));
        t.register(CommandSpec.read("strlen", 2, 1, 1, 1, StringCommands::strlen));
        t.register(CommandSpec.read("lcs", -3, 1, 2, 1, Lcs::lcs));
    }

    static StringValue stringValue(Entry e) {
        return ExecutionContext.typed(e, ValueType.STRING, StringValue.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The string at {@code key} for reading (null if absent), or WRONGTYPE. */
    private static StringValue readString(ExecutionContext ctx, byte[] key) {
        return stringValue(ctx.lookupRead(Key.of(key)));
    }

    static Reply get(ExecutionContext ctx, byte[][] argv) {
        StringValue v = readString(ctx, argv[1]);
        return v == null ? Reply.NULL : Reply.bulk(v.bytes());
    }

    // ---- SET and its variants ----------------------------------------------------------

    private enum ExpireUnit { NONE, EX, PX, EXAT, PXAT }

    /** The options of SET and GETEX, parsed as t_string.c parseExtendedStringArgumentsOrReply. */
    private static final class StringOptions {
        boolean nx;
        boolean xx;
        boolean get;
        boolean keepTtl;
        boolean persist;
        ExpireUnit unit = ExpireUnit.NONE;
        byte[] expire;

        /**
         * {@code setCommand} selects SET's options (NX, XX, GET, KEEPTTL) over GETEX's
         * (PERSIST). An expiry option may repeat (the last wins) but not mix with another unit.
         */
        static StringOptions parse(byte[][] argv, boolean setCommand) {
            StringOptions o = new StringOptions();
            for (int j = setCommand ? 3 : 2; j < argv.length; j++) {
                byte[] opt = argv[j];
                byte[] next = j == argv.length - 1 ? null : argv[j + 1];
                boolean noExpiryYet = !o.keepTtl && !o.persist;
                if (setCommand && Args.is(opt, "NX") && !o.xx) {
                    o.nx = true;
                } else if (setCommand && Args.is(opt, "XX") && !o.nx) {
                    o.xx = true;
                } else if (setCommand && Args.is(opt, "GET")) {
                    o.get = true;
                } else if (setCommand && Args.is(opt, "KEEPTTL") && !o.persist
                        && o.unit == ExpireUnit.NONE) {
                    o.keepTtl = true;
                } else if (!setCommand && Args.is(opt, "PERSIST") && o.unit == ExpireUnit.NONE
                        && !o.keepTtl) {
                    o.persist = true;
                } else if (noExpiryYet && next != null && unitOf(opt) != null
                        && (o.unit == ExpireUnit.NONE || o.unit == unitOf(opt))) {
                    o.unit = unitOf(opt);
                    o.expire = next;
                    j++;
                } else {
                    throw RedisError.syntax();
                }
            }
            return o;
        }

        private static ExpireUnit unitOf(byte[] a) {
            if (Args.is(a, "EX")) {
                return ExpireUnit.EX;
            }
            if (Args.is(a, "PX")) {
                return ExpireUnit.PX;
            }
            if (Args.is(a, "EXAT")) {
                return ExpireUnit.EXAT;
            }
            if (Args.is(a, "PXAT")) {
                return ExpireUnit.PXAT;
            }
            return null;
        }
    }

    /**
     * getExpireMillisecondsOrReply: the absolute unix ms of an EX/PX/EXAT/PXAT argument.
     * Non-positive times and overflows give {@code ERR invalid expire time in '<cmd>' command}.
     */
    private static long absoluteExpire(ExecutionContext ctx, String command, ExpireUnit unit,
                                       byte[] arg) {
        long v = Args.parseLong(arg);
        boolean seconds = unit == ExpireUnit.EX || unit == ExpireUnit.EXAT;
        if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) {
            throw invalidExpireTime(command);
        }
        long ms = seconds ? v * 1000 : v;
        if (unit == ExpireUnit.EX || unit == ExpireUnit.PX) {
            if (ms > Long.MAX_VALUE - ctx.now()) {
                throw invalidExpireTime(command);
            }
            ms += ctx.now();
        }
        return ms;
    }

    static RedisError invalidExpireTime(String command) {
        return new RedisError(RedisError.INVALID_EXPIRE_PREFIX + command + "' command");
    }

    /**
     * setGenericCommand. Replies {@code okReply} when set, {@code abortReply} when NX/XX
     * prevented it (with GET: the old value either way). Propagation: with an expiry
     * {@code SET key value PXAT <ms>}, otherwise the client's command without its GET tokens.
     */
    private static Reply setGeneric(ExecutionContext ctx, byte[][] argv, StringOptions o,
                                    byte[] keyArg, byte[] value, String command,
                                    Reply okReply, Reply abortReply) {
        long expireAt = Entry.NO_EXPIRY;
        if (o.unit != ExpireUnit.NONE) {
            expireAt = absoluteExpire(ctx, command, o.unit, o.expire);
        }
        Key key = Key.of(keyArg);
        Entry existing = ctx.lookupWrite(key);
        Reply getReply = null;
        if (o.get) {
            StringValue old = stringValue(existing); // WRONGTYPE before any change
            getReply = old == null ? Reply.NULL : Reply.bulk(old.bytes());
        }
        if ((o.nx && existing != null) || (o.xx && existing == null)) {
            return o.get ? getReply : abortReply;
        }
        Entry e = ctx.db().set(key, StringValue.encoded(value), o.keepTtl);
        if (expireAt != Entry.NO_EXPIRY) {
            ctx.db().setExpire(e, expireAt);
            ctx.propagate(SET, keyArg, value, PXAT, Args.bytes(expireAt));
        } else if (o.get) {
            ctx.propagate(withoutGetTokens(argv));
        } else {
            ctx.propagateVerbatim();
        }
        ctx.touched(key);
        ctx.notify(NotifyFlags.STRING, "set", key);
        if (expireAt != Entry.NO_EXPIRY) {
            ctx.notify(NotifyFlags.GENERIC, "expire", key);
        }
        return o.get ? getReply : okReply;
    }

    /** SET's argv minus every option spelled exactly "get" in any case (argument 3 on). */
    private static byte[][] withoutGetTokens(byte[][] argv) {
        List<byte[]> out = new ArrayList<>(argv.length);
        for (int j = 0; j < argv.length; j++) {
            if (j >= 3 && Args.is(argv[j], "GET")) {
                continue;
            }
            out.add(argv[j]);
        }
        return out.toArray(new byte[0][]);
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL]. */
    static Reply set(ExecutionContext ctx, byte[][] argv) {
        StringOptions o = StringOptions.parse(argv, true);
        return setGeneric(ctx, argv, o, argv[1], argv[2], "set", Reply.OK, Reply.NULL);
    }

    static Reply setnx(ExecutionContext ctx, byte[][] argv) {
        StringOptions o = new StringOptions();
        o.nx = true;
        return setGeneric(ctx, argv, o, argv[1], argv[2], "setnx", Reply.ONE, Reply.ZERO);
    }

    static Reply setex(ExecutionContext ctx, byte[][] argv) {
        StringOptions o = new StringOptions();
        o.unit = ExpireUnit.EX;
        o.expire = argv[2];
        return setGeneric(ctx, argv, o, argv[1], argv[3], "setex", Reply.OK, Reply.NULL);
    }

    static Reply psetex(ExecutionContext ctx, byte[][] argv) {
        StringOptions o = new StringOptions();
        o.unit = ExpireUnit.PX;
        o.expire = argv[2];
        return setGeneric(ctx, argv, o, argv[1], argv[3], "psetex", Reply.OK, Reply.NULL);
    }

    /** GETSET: the old value; the TTL is dropped; propagated as {@code SET key value}. */
    static Reply getset(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        StringValue old = stringValue(ctx.lookupWrite(key));
        ctx.db().set(key, StringValue.encoded(argv[2]), false);
        ctx.touched(key);
        ctx.notify(NotifyFlags.STRING, "set", key);
        ctx.propagate(SET, argv[1], argv[2]);
        return old == null ? Reply.NULL : Reply.bulk(old.bytes());
    }

    /** GETDEL: the value, and the key is gone; propagated as {@code DEL key}. */
    static Reply getdel(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        StringValue v = stringValue(ctx.lookupWrite(key));
        if (v == null) {
            return Reply.NULL;
        }
        ctx.db().delete(key);
        ctx.touched(key);
        ctx.notify(NotifyFlags.GENERIC, "del", key);
        ctx.propagate(DEL, argv[1]);
        return Reply.bulk(v.bytes());
    }

    /**
     * GETEX key [EX|PX|EXAT|PXAT t|PERSIST]. The expiry is validated only once the key is known
     * to hold a string. An EXAT/PXAT already in the past deletes the key ({@code DEL}); other
     * expiries propagate as {@code PEXPIREAT key <ms>}, PERSIST as {@code PERSIST key} when a
     * TTL was removed; a plain GETEX propagates nothing.
     */
    static Reply getex(ExecutionContext ctx, byte[][] argv) {
        StringOptions o = StringOptions.parse(argv, false);
        Key key = Key.of(argv[1]);
        Entry e = ctx.lookupWrite(key);
        StringValue v = stringValue(e);
        if (v == null) {
            return Reply.NULL;
        }
        long expireAt = Entry.NO_EXPIRY;
        if (o.unit != ExpireUnit.NONE) {
            expireAt = absoluteExpire(ctx, "getex", o.unit, o.expire);
        }
        Reply reply = Reply.bulk(v.bytes());
        boolean absolute = o.unit == ExpireUnit.EXAT || o.unit == ExpireUnit.PXAT;
        if (absolute && alreadyExpired(ctx, expireAt)) {
            ctx.db().delete(key);
            ctx.touched(key);
            ctx.notify(NotifyFlags.GENERIC, "del", key);
            ctx.propagate(DEL, argv[1]);
        } else if (o.unit != ExpireUnit.NONE) {
            ctx.db().setExpire(e, expireAt);
            ctx.touched(key);
            ctx.notify(NotifyFlags.GENERIC, "expire", key);
            ctx.propagate(PEXPIREAT, argv[1], Args.bytes(expireAt));
        } else if (o.persist && ctx.db().persist(e)) {
            ctx.touched(key);
            ctx.notify(NotifyFlags.GENERIC, "persist", key);
            ctx.propagate(PERSIST, argv[1]);
        }
        return reply;
    }

    /**
     * expire.c checkAlreadyExpired: a time at or before now deletes the key — but only where
     * keys are expired at all (a master); a replica stores the past TTL and waits for the DEL.
     */
    static boolean alreadyExpired(ExecutionContext ctx, long atMillis) {
        return atMillis <= ctx.now() && ctx.expiresKeys();
    }

    // ---- in-place edits ------------------------------------------------------------------

    /** checkStringLength: the master's stream is exempt from proto-max-bulk-len (not from Java). */
    private static void checkStringLength(ExecutionContext ctx, long size, long append) {
        long total = size + append;
        long max = ctx.client().isFromMaster() ? MAX_ARRAY_LENGTH : PROTO_MAX_BULK_LEN;
        if (total > max || total < 0) {
            throw new RedisError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
    }

    /** APPEND: the new length; the TTL stays; propagated verbatim. */
    static Reply append(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        Entry e = ctx.lookupWrite(key);
        byte[] result;
        if (e == null) {
            result = argv[2];
            // A new key takes the argument as SET would (Redis: tryObjectEncoding, then dbAdd).
            ctx.db().add(key, StringValue.encoded(result));
        } else {
            byte[] old = stringValue(e).bytes();
            checkStringLength(ctx, old.length, argv[2].length);
            result = Arrays.copyOf(old, old.length + argv[2].length);
            System.arraycopy(argv[2], 0, result, old.length, argv[2].length);
            e.setValue(StringValue.raw(result));
        }
        ctx.touched(key);
        ctx.notify(NotifyFlags.STRING, "append", key);
        ctx.propagateVerbatim();
        return Reply.integer(result.length);
    }

    /** SETRANGE key offset value: zero-pads as needed; an empty value changes nothing. */
    static Reply setrange(ExecutionContext ctx, byte[][] argv) {
        long offset = Args.parseLong(argv[2]);
        if (offset < 0) {
            throw new RedisError("ERR offset is out of range");
        }
        byte[] value = argv[3];
        Key key = Key.of(argv[1]);
        Entry e = ctx.lookupWrite(key);
        byte[] old;
        if (e == null) {
            if (value.length == 0) {
                return Reply.ZERO;
            }
            checkStringLength(ctx, offset, value.length);
            old = EMPTY;
        } else {
            old = stringValue(e).bytes();
            if (value.length == 0) {
                return Reply.integer(old.length);
            }
            checkStringLength(ctx, offset, value.length);
        }
        int end = (int) (offset + value.length);
        byte[] result = Arrays.copyOf(old, Math.max(old.length, end));
        System.arraycopy(value, 0, result, (int) offset, value.length);
        if (e == null) {
            ctx.db().add(key, StringValue.raw(result));
        } else {
            e.setValue(StringValue.raw(result));
        }
        ctx.touched(key);
        ctx.notify(NotifyFlags.STRING, "setrange", key);
        ctx.propagateVerbatim();
        return Reply.integer(result.length);
    }

    /** GETRANGE (and SUBSTR) key start end: inclusive, negative from the end, clamped. */
    static Reply getrange(ExecutionContext ctx, byte[][] argv) {
        long start = Args.parseLong(argv[2]);
        long end = Args.parseLong(argv[3]);
        StringValue v = readString(ctx, argv[1]);
        if (v == null) {
            return Reply.bulk(EMPTY);
        }
        byte[] s = v.bytes();
        long len = s.length;
        if (start < 0 && end < 0 && start > end) {
            return Reply.bulk(EMPTY);
        }
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= len) {
            end = len - 1;
        }
        if (start > end || len == 0) {
            return Reply.bulk(EMPTY);
        }
        return Reply.bulk(Arrays.copyOfRange(s, (int) start, (int) end + 1));
    }

    static Reply strlen(ExecutionContext ctx, byte[][] argv) {
        StringValue v = readString(ctx, argv[1]);
        return Reply.integer(v == null ? 0 : v.length());
    }

    // ---- counters --------------------------------------------------------------------

    private static Reply incrby(ExecutionContext ctx, byte[][] argv) {
        return incrDecr(ctx, argv, Args.parseLong(argv[2]));
    }

    private static Reply decrby(ExecutionContext ctx, byte[][] argv) {
        long decrement = Args.parseLong(argv[2]);
        if (decrement == Long.MIN_VALUE) {
            throw new RedisError("ERR decrement would overflow");
        }
        return incrDecr(ctx, argv, -decrement);
    }

    /** incrDecrCommand: the TTL stays; propagated verbatim. */
    private static Reply incrDecr(ExecutionContext ctx, byte[][] argv, long increment) {
        Key key = Key.of(argv[1]);
        Entry e = ctx.lookupWrite(key);
        StringValue v = stringValue(e);
        long value = v == null ? 0 : v.isInteger() ? v.longValue() : Args.parseLong(v.bytes());
        if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
            throw new RedisError(RedisError.OVERFLOW);
        }
        value += increment;
        if (e == null) {
            ctx.db().add(key, StringValue.of(value));
        } else {
            e.setValue(StringValue.of(value));
        }
        ctx.touched(key);
        ctx.notify(NotifyFlags.STRING, "incrby", key);
        ctx.propagateVerbatim();
        return Reply.integer(value);
    }

    /**
     * INCRBYFLOAT with x87 long double arithmetic and formatting (see {@link LongDouble});
     * always propagated as {@code SET key <result> KEEPTTL} so replicas store the same bytes.
     */
    static Reply incrbyfloat(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        Entry e = ctx.lookupWrite(key);
        StringValue v = stringValue(e);
        LongDouble.Parsed current = v == null ? new LongDouble.Parsed(BigDecimal.ZERO, 0)
                : LongDouble.parse(v.bytes());
        if (current == null) {
            throw RedisError.notFloat();
        }
        LongDouble.Parsed increment = LongDouble.parse(argv[2]);
        if (increment == null) {
            throw RedisError.notFloat();
        }
        BigDecimal sum = current.isInfinite() || increment.isInfinite() ? null
                : LongDouble.add(current.value(), increment.value());
        if (sum == null) {
            throw new RedisError("ERR increment would produce NaN or Infinity");
        }
        byte[] result = LongDouble.format(sum).getBytes(StandardCharsets.US_ASCII);
        if (e == null) {
            ctx.db().add(key, StringValue.of(result));
        } else {
            e.setValue(StringValue.of(result));
        }
        ctx.touched(key);
        ctx.notify(NotifyFlags.STRING, "incrbyfloat", key);
        ctx.propagate(SET, argv[1], result, KEEPTTL);
        return Reply.bulk(result);
    }

    // ---- multi-key -------------------------------------------------------------------

    /** MSET/MSETNX: TTLs are dropped; propagated verbatim (MSETNX only when it set). */
    private static Reply mset(ExecutionContext ctx, byte[][] argv, boolean nx) {
        if (argv.length % 2 == 0) {
            throw RedisError.wrongArity(nx ? "msetnx" : "mset");
        }
        if (nx) {
            boolean anyExists = false;
            // Every key is looked up (expiring the expired ones), as Redis stops only at a hit.
            for (int j = 1; j < argv.length && !anyExists; j += 2) {
                anyExists = ctx.lookupWrite(Key.of(argv[j])) != null;
            }
            if (anyExists) {
                return Reply.ZERO;
            }
        }
        for (int j = 1; j < argv.length; j += 2) {
            Key key = Key.of(argv[j]);
            if (!nx) {
                ctx.lookupWrite(key); // lazily expire first, so the DEL precedes the MSET
            }
            ctx.db().set(key, StringValue.encoded(argv[j + 1]), false);
            ctx.touched(key);
            ctx.notify(NotifyFlags.STRING, "set", key);
        }
        ctx.propagateVerbatim();
        return nx ? Reply.ONE : Reply.OK;
    }

    /** MGET: a null for missing keys and for keys of other types. */
    static Reply mget(ExecutionContext ctx, byte[][] argv) {
        List<Reply> out = new ArrayList<>(argv.length - 1);
        for (int j = 1; j < argv.length; j++) {
            Entry e = ctx.lookupRead(Key.of(argv[j]));
            if (e != null && e.value() instanceof StringValue s) {
                out.add(Reply.bulk(s.bytes()));
            } else {
                out.add(Reply.NULL);
            }
        }
        return Reply.array(out);
    }
}
