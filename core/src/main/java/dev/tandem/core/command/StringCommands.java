package dev.tandem.core.command;

import dev.tandem.core.Entry;
import dev.tandem.core.ExecutionContext;
import dev.tandem.core.Key;
import dev.tandem.core.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.StringValue;
import dev.tandem.core.value.ValueType;

/** String commands (t_string.c). */
public final class StringCommands {
    private StringCommands() {
    }

    public static void register(CommandTable t) {
        t.register(CommandSpec.read("get", 2, 1, 1, 1, StringCommands::get));
        t.register(CommandSpec.write("set", -3, 1, 1, 1, StringCommands::set));
    }

    static StringValue stringValue(Entry e) {
        return ExecutionContext.typed(e, ValueType.STRING, StringValue.class);
    }

    static Reply get(ExecutionContext ctx, byte[][] argv) {
        StringValue v = stringValue(ctx.lookupRead(Key.of(argv[1])));
        return v == null ? Reply.NULL : Reply.bulk(v.bytes());
    }

    private enum ExpireUnit { NONE, EX, PX, EXAT, PXAT }

    /**
     * SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL]. Propagated verbatim,
     * except that a relative or second-based expiry becomes {@code PXAT <abs ms>} and GET is
     * dropped (t_string.c setGenericCommand).
     */
    static Reply set(ExecutionContext ctx, byte[][] argv) {
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        ExpireUnit unit = ExpireUnit.NONE;
        byte[] expireArg = null;
        for (int i = 3; i < argv.length; i++) {
            byte[] a = argv[i];
            boolean hasNext = i + 1 < argv.length;
            if (Args.is(a, "NX") && !xx) {
                nx = true;
            } else if (Args.is(a, "XX") && !nx) {
                xx = true;
            } else if (Args.is(a, "GET")) {
                get = true;
            } else if (Args.is(a, "KEEPTTL") && unit == ExpireUnit.NONE) {
                keepTtl = true;
            } else if (unit == ExpireUnit.NONE && !keepTtl && hasNext && expireUnit(a) != null) {
                unit = expireUnit(a);
                expireArg = argv[++i];
            } else {
                throw RedisError.syntax();
            }
        }
        long expireAt = -1;
        if (unit != ExpireUnit.NONE) {
            expireAt = absoluteExpire(ctx, argv[0], unit, expireArg);
        }
        Key key = Key.of(argv[1]);
        Entry existing = ctx.lookupWrite(key);
        byte[] old = null;
        if (get && existing != null) {
            old = stringValue(existing).bytes(); // WRONGTYPE before any change
        }
        if ((nx && existing != null) || (xx && existing == null)) {
            return get ? Reply.bulkOrNull(old) : Reply.NULL;
        }
        Entry e = ctx.db().set(key, StringValue.of(argv[2]), keepTtl);
        if (expireAt >= 0) {
            ctx.db().setExpire(e, expireAt);
        }
        ctx.touched(key);
        ctx.propagate(propagatedSet(argv, unit, expireAt));
        return get ? Reply.bulkOrNull(old) : Reply.OK;
    }

    private static ExpireUnit expireUnit(byte[] a) {
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

    /** Redis: non-positive or overflowing times → {@code ERR invalid expire time in 'set' command}. */
    private static long absoluteExpire(ExecutionContext ctx, byte[] cmd, ExpireUnit unit, byte[] arg) {
        long v = Args.parseLong(arg);
        String invalid = "ERR invalid expire time in '" + Args.utf8(cmd).toLowerCase(java.util.Locale.ROOT)
                + "' command";
        if (v <= 0) {
            throw new RedisError(invalid);
        }
        long ms;
        switch (unit) {
            case EX, EXAT -> {
                if (v > Long.MAX_VALUE / 1000) {
                    throw new RedisError(invalid);
                }
                ms = v * 1000;
            }
            default -> ms = v;
        }
        if (unit == ExpireUnit.EX || unit == ExpireUnit.PX) {
            if (ms > Long.MAX_VALUE - ctx.now()) {
                throw new RedisError(invalid);
            }
            ms += ctx.now();
        }
        return ms;
    }

    private static byte[][] propagatedSet(byte[][] argv, ExpireUnit unit, long expireAt) {
        java.util.List<byte[]> out = new java.util.ArrayList<>(argv.length);
        out.add(argv[0]);
        out.add(argv[1]);
        out.add(argv[2]);
        for (int i = 3; i < argv.length; i++) {
            byte[] a = argv[i];
            if (Args.is(a, "GET")) {
                continue;
            }
            if (expireUnit(a) != null) {
                i++; // the time argument is replaced below
                continue;
            }
            out.add(a);
        }
        if (unit != ExpireUnit.NONE) {
            out.add(Args.bytes("PXAT"));
            out.add(Args.bytes(expireAt));
        }
        return out.toArray(new byte[0][]);
    }
}
