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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bitmap commands (bitops.c of Redis 7.0.15): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD
 * and BITFIELD_RO over string values, bit 0 being the most significant bit of the first byte.
 *
 * <p>Propagation follows Redis 7.0: SETBIT and BITFIELD go out verbatim only when they changed
 * the string (a new key, a longer string, or a different value), BITOP verbatim when it stored
 * or deleted the destination. Strings are immutable {@link StringValue}s (a reply or a snapshot
 * may still hold the old bytes), so every change copies the string once: O(length) where Redis
 * edits in place.
 */
public final class BitmapCommands {
    private static final String BIT_OFFSET_ERROR = "ERR bit offset is not an integer or out of range";
    private static final String BIT_VALUE_ERROR = "ERR bit is not an integer or out of range";
    private static final String BITFIELD_TYPE_ERROR = "ERR Invalid bitfield type. Use something like"
            + " i16 u8. Note that u64 is not supported but i64 is.";
    /**
     * The master's stream is exempt from proto-max-bulk-len in Redis; a Java array still bounds
     * the string (the margin keeps a 64-bit field's last byte addressable).
     */
    private static final long MAX_BYTES_FROM_MASTER = Integer.MAX_VALUE - 16;
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final int WRAP = 0;
    private static final int SAT = 1;
    private static final int FAIL = 2;

    private BitmapCommands() {
    }

    public static void register(CommandTable t) {
        t.register(CommandSpec.write("setbit", 4, 1, 1, 1, BitmapCommands::setbit));
        t.register(CommandSpec.read("getbit", 3, 1, 1, 1, BitmapCommands::getbit));
        t.register(CommandSpec.read("bitcount", -2, 1, 1, 1, BitmapCommands::bitcount));
        t.register(CommandSpec.read("bitpos", -3, 1, 1, 1, BitmapCommands::bitpos));
        t.register(CommandSpec.write("bitop", -4, 2, -1, 1, BitmapCommands::bitop));
        // BITFIELD is a write command even when it only reads (Redis flags it so); a read-only
        // replica serves BITFIELD_RO.
        t.register(CommandSpec.write("bitfield", -2, 1, 1, 1,
                (ctx, argv) -> bitfield(ctx, argv, false)));
        t.register(CommandSpec.read("bitfield_ro", -2, 1, 1, 1,
                (ctx, argv) -> bitfield(ctx, argv, true)));
    }

    // ---- argument parsing ------------------------------------------------------------------

    /**
     * getBitOffsetFromArgument: a non-negative bit offset whose byte lies below
     * proto-max-bulk-len; with {@code hash}, {@code #n} means n fields of {@code bits} bits.
     * The multiplication wraps like Redis's long long arithmetic does in practice, so
     * {@code #2305843009213693952} as i8 is offset 0 on both.
     */
    static long bitOffset(ExecutionContext ctx, byte[] arg, boolean hash, int bits) {
        boolean useHash = hash && bits > 0 && arg.length > 0 && arg[0] == '#';
        Long v = Args.parseLongStrict(useHash ? Arrays.copyOfRange(arg, 1, arg.length) : arg);
        if (v == null) {
            throw new RedisError(BIT_OFFSET_ERROR);
        }
        long offset = useHash ? v * bits : v;
        long maxBytes = ctx.client().isFromMaster() ? MAX_BYTES_FROM_MASTER
                : StringCommands.PROTO_MAX_BULK_LEN;
        if (offset < 0 || (offset >> 3) >= maxBytes) {
            throw new RedisError(BIT_OFFSET_ERROR);
        }
        return offset;
    }

    /**
     * getBitfieldTypeFromArgument: {@code i1..i64} or {@code u1..u63}, lower-case only. Redis
     * reads the width with strlen, so it stops at a NUL byte.
     * Returns the width, negative for a signed type.
     */
    static int bitfieldType(byte[] arg) {
        if (arg.length == 0 || (arg[0] != 'i' && arg[0] != 'u')) {
            throw new RedisError(BITFIELD_TYPE_ERROR);
        }
        boolean signed = arg[0] == 'i';
        int end = 1;
        while (end < arg.length && arg[end] != 0) {
            end++;
        }
        Long bits = Args.parseLongStrict(Arrays.copyOfRange(arg, 1, end));
        if (bits == null || bits < 1 || bits > (signed ? 64 : 63)) {
            throw new RedisError(BITFIELD_TYPE_ERROR);
        }
        return signed ? -bits.intValue() : bits.intValue();
    }

    private static StringValue readString(ExecutionContext ctx, byte[] key) {
        return StringCommands.stringValue(ctx.lookupRead(Key.of(key)));
    }

    // ---- SETBIT / GETBIT -------------------------------------------------------------------

    /** SETBIT key offset 0|1: the old bit; propagated only when the string changed. */
    static Reply setbit(ExecutionContext ctx, byte[][] argv) {
        long offset = bitOffset(ctx, argv[2], false, 0);
        long on = Args.parseLong(argv[3], BIT_VALUE_ERROR);
        if ((on & ~1L) != 0) {
            throw new RedisError(BIT_VALUE_ERROR);
        }
        Key key = Key.of(argv[1]);
        Entry e = ctx.lookupWrite(key);
        byte[] old = e == null ? null : StringCommands.stringValue(e).bytes();
        int index = (int) (offset >> 3);
        int mask = 1 << (7 - (int) (offset & 7));
        boolean wasSet = old != null && index < old.length && (old[index] & mask) != 0;
        boolean grows = old == null || index >= old.length;
        if (!grows && wasSet == (on == 1)) {
            return wasSet ? Reply.ONE : Reply.ZERO; // nothing changed: no write, no propagation
        }
        byte[] result = old == null ? new byte[index + 1]
                : Arrays.copyOf(old, Math.max(old.length, index + 1));
        result[index] = (byte) (on == 1 ? result[index] | mask : result[index] & ~mask);
        if (e == null) {
            ctx.db().add(key, StringValue.raw(result));
        } else {
            e.setValue(StringValue.raw(result));
        }
        ctx.touched(key);
        ctx.notify(NotifyFlags.STRING, "setbit", key);
        ctx.propagateVerbatim();
        return wasSet ? Reply.ONE : Reply.ZERO;
    }

    /** GETBIT key offset: 0 past the end or for a missing key (the offset is checked first). */
    static Reply getbit(ExecutionContext ctx, byte[][] argv) {
        long offset = bitOffset(ctx, argv[2], false, 0);
        StringValue v = readString(ctx, argv[1]);
        if (v == null) {
            return Reply.ZERO;
        }
        return bitAt(v.bytes(), offset) == 1 ? Reply.ONE : Reply.ZERO;
    }

    private static int bitAt(byte[] s, long offset) {
        long index = offset >> 3;
        if (index >= s.length) {
            return 0;
        }
        return (s[(int) index] >> (7 - (int) (offset & 7))) & 1;
    }

    // ---- BITCOUNT / BITPOS -----------------------------------------------------------------

    /** A range of bits, both ends inclusive. */
    private record BitRange(long first, long last) { }

    /**
     * The start/end normalisation BITCOUNT and BITPOS share: negative indexes count from the
     * end, both are clamped, and in BYTE units the range covers whole bytes. Null when empty.
     */
    private static BitRange range(long start, long end, boolean isBit, long length) {
        long total = isBit ? length << 3 : length;
        if (start < 0) {
            start = total + start;
        }
        if (end < 0) {
            end = total + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= total) {
            end = total - 1;
        }
        if (start > end) {
            return null;
        }
        return isBit ? new BitRange(start, end) : new BitRange(start << 3, (end << 3) + 7);
    }

    private static boolean unitIsBit(byte[] arg) {
        if (Args.is(arg, "BIT")) {
            return true;
        }
        if (Args.is(arg, "BYTE")) {
            return false;
        }
        throw RedisError.syntax();
    }

    /**
     * BITCOUNT key [start end [BYTE|BIT]]. As in Redis 7.0, the key is looked up before the
     * arguments are parsed: a missing key answers 0 even to a malformed range.
     */
    static Reply bitcount(ExecutionContext ctx, byte[][] argv) {
        StringValue v = readString(ctx, argv[1]);
        if (v == null) {
            return Reply.ZERO;
        }
        byte[] s = v.bytes();
        BitRange r;
        if (argv.length == 4 || argv.length == 5) {
            long start = Args.parseLong(argv[2]);
            long end = Args.parseLong(argv[3]);
            if (start < 0 && end < 0 && start > end) {
                return Reply.ZERO; // Redis answers before looking at BYTE|BIT
            }
            boolean isBit = argv.length == 5 && unitIsBit(argv[4]);
            r = range(start, end, isBit, s.length);
        } else if (argv.length == 2) {
            r = range(0, -1, false, s.length);
        } else {
            throw RedisError.syntax();
        }
        return r == null ? Reply.ZERO : Reply.integer(popcount(s, r.first, r.last));
    }

    /** The number of set bits between two bit positions (inclusive) of {@code s}. */
    static long popcount(byte[] s, long firstBit, long lastBit) {
        int first = (int) (firstBit >> 3);
        int last = (int) (lastBit >> 3);
        long count = 0;
        int i = first;
        for (; i + 8 <= last + 1; i += 8) {
            count += Long.bitCount((long) LONGS.get(s, i));
        }
        for (; i <= last; i++) {
            count += Integer.bitCount(s[i] & 0xff);
        }
        // Take out the bits of the edge bytes that lie outside the range.
        count -= Integer.bitCount(s[first] & (0xff << (8 - (int) (firstBit & 7))) & 0xff);
        count -= Integer.bitCount(s[last] & ((1 << (7 - (int) (lastBit & 7))) - 1));
        return count;
    }

    /**
     * BITPOS key bit [start [end [BYTE|BIT]]]. A missing key is all zeros (0 for a clear bit,
     * -1 for a set one), answered before the range is parsed. Looking for a clear bit without
     * an explicit end treats the string as zero-padded on the right, so the answer may be the
     * first bit past the string; with an explicit end it is -1.
     */
    static Reply bitpos(ExecutionContext ctx, byte[][] argv) {
        long bit = Args.parseLong(argv[2]);
        if (bit != 0 && bit != 1) {
            throw new RedisError("ERR The bit argument must be 1 or 0.");
        }
        StringValue v = readString(ctx, argv[1]);
        if (v == null) {
            return Reply.integer(bit == 1 ? -1 : 0);
        }
        byte[] s = v.bytes();
        boolean endGiven = false;
        BitRange r;
        if (argv.length >= 4 && argv.length <= 6) {
            long start = Args.parseLong(argv[3]);
            boolean isBit = argv.length == 6 && unitIsBit(argv[5]);
            long end;
            if (argv.length >= 5) {
                end = Args.parseLong(argv[4]);
                endGiven = true;
            } else {
                end = -1; // the last byte
            }
            r = range(start, end, isBit, s.length);
        } else if (argv.length == 3) {
            r = range(0, -1, false, s.length);
        } else {
            throw RedisError.syntax();
        }
        if (r == null) {
            return Reply.integer(-1); // an empty range holds neither a 0 nor a 1
        }
        long pos = firstBit(s, r.first, r.last, (int) bit);
        if (pos == -1 && bit == 0 && !endGiven) {
            pos = r.last + 1;
        }
        return Reply.integer(pos);
    }

    /** The first position in [first, last] whose bit is {@code bit}, or -1. */
    static long firstBit(byte[] s, long first, long last, int bit) {
        byte skip = (byte) (bit == 1 ? 0 : 0xff); // a byte holding no such bit
        long p = first;
        while (p <= last) {
            if ((p & 7) == 0 && p + 7 <= last && s[(int) (p >> 3)] == skip) {
                p += 8;
                continue;
            }
            if (bitAt(s, p) == bit) {
                return p;
            }
            p++;
        }
        return -1;
    }

    // ---- BITOP -----------------------------------------------------------------------------

    /**
     * BITOP AND|OR|XOR|NOT destkey key [key ...]: missing sources are empty strings, shorter
     * ones zero-padded. A non-empty result replaces the destination (its TTL dropped); an empty
     * one deletes it. Propagated verbatim when the destination changed; the reply is the
     * result's length.
     */
    static Reply bitop(ExecutionContext ctx, byte[][] argv) {
        byte[] opName = argv[1];
        char op;
        if (Args.is(opName, "AND")) {
            op = '&';
        } else if (Args.is(opName, "OR")) {
            op = '|';
        } else if (Args.is(opName, "XOR")) {
            op = '^';
        } else if (Args.is(opName, "NOT")) {
            op = '~';
        } else {
            throw RedisError.syntax();
        }
        if (op == '~' && argv.length != 4) {
            throw new RedisError("ERR BITOP NOT must be called with a single source key.");
        }
        int n = argv.length - 3;
        byte[][] sources = new byte[n][];
        int maxLength = 0;
        for (int j = 0; j < n; j++) {
            StringValue v = readString(ctx, argv[j + 3]);
            sources[j] = v == null ? new byte[0] : v.bytes();
            maxLength = Math.max(maxLength, sources[j].length);
        }
        Key dst = Key.of(argv[2]);
        if (maxLength == 0) {
            // Redis's dbDelete: removes the destination even if it is logically expired.
            if (ctx.db().delete(dst) != null) {
                ctx.touched(dst);
                ctx.notify(NotifyFlags.GENERIC, "del", dst);
                ctx.propagateVerbatim();
            }
            return Reply.ZERO;
        }
        byte[] result = Arrays.copyOf(sources[0], maxLength);
        if (op == '~') {
            for (int i = 0; i < maxLength; i++) {
                result[i] = (byte) ~result[i];
            }
        }
        for (int j = 1; j < n; j++) {
            byte[] src = sources[j];
            for (int i = 0; i < maxLength; i++) {
                byte b = i < src.length ? src[i] : 0;
                result[i] = switch (op) {
                    case '&' -> (byte) (result[i] & b);
                    case '|' -> (byte) (result[i] | b);
                    default -> (byte) (result[i] ^ b);
                };
            }
        }
        ctx.lookupWrite(dst); // Redis's setKey: a lazily expired destination goes first
        ctx.db().set(dst, StringValue.raw(result), false);
        ctx.touched(dst);
        ctx.notify(NotifyFlags.STRING, "set", dst);
        ctx.propagateVerbatim();
        return Reply.integer(maxLength);
    }

    // ---- BITFIELD --------------------------------------------------------------------------

    private enum OpCode { GET, SET, INCRBY }

    /** One parsed BITFIELD operation; {@code bits} is negative for a signed type. */
    private record FieldOp(OpCode code, long offset, int bits, long value, int overflow) {
        boolean signed() {
            return bits < 0;
        }

        int width() {
            return Math.abs(bits);
        }
    }

    /**
     * BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset increment]
     * [OVERFLOW WRAP|SAT|FAIL] ..., and BITFIELD_RO (GET only). Everything is parsed before
     * anything runs. A write creates or extends the string up to the farthest bit written,
     * even when every write then fails under OVERFLOW FAIL; the command is propagated (and the
     * key signalled) only when some write took effect and the string changed — exactly Redis
     * 7.0's rule, whose master therefore leaves such a created key off its replicas.
     */
    static Reply bitfield(ExecutionContext ctx, byte[][] argv, boolean readOnlyCommand) {
        List<FieldOp> ops = new ArrayList<>();
        int overflow = WRAP;
        boolean readOnly = true;
        long highestWrite = 0;
        for (int j = 2; j < argv.length; j++) {
            int remaining = argv.length - j - 1;
            byte[] sub = argv[j];
            OpCode code;
            if (Args.is(sub, "GET") && remaining >= 2) {
                code = OpCode.GET;
            } else if (Args.is(sub, "SET") && remaining >= 3) {
                code = OpCode.SET;
            } else if (Args.is(sub, "INCRBY") && remaining >= 3) {
                code = OpCode.INCRBY;
            } else if (Args.is(sub, "OVERFLOW") && remaining >= 1) {
                byte[] type = argv[++j];
                if (Args.is(type, "WRAP")) {
                    overflow = WRAP;
                } else if (Args.is(type, "SAT")) {
                    overflow = SAT;
                } else if (Args.is(type, "FAIL")) {
                    overflow = FAIL;
                } else {
                    throw new RedisError("ERR Invalid OVERFLOW type specified");
                }
                continue;
            } else {
                throw RedisError.syntax();
            }
            int bits = bitfieldType(argv[j + 1]);
            long offset = bitOffset(ctx, argv[j + 2], true, Math.abs(bits));
            long value = 0;
            if (code != OpCode.GET) {
                readOnly = false;
                highestWrite = Math.max(highestWrite, offset + Math.abs(bits) - 1);
                value = Args.parseLong(argv[j + 3]);
            }
            ops.add(new FieldOp(code, offset, bits, value, overflow));
            j += code == OpCode.GET ? 2 : 3;
        }

        Key key = Key.of(argv[1]);
        byte[] s;
        Entry entry = null;
        boolean grown = false;
        if (readOnly) {
            StringValue v = readString(ctx, argv[1]);
            s = v == null ? new byte[0] : v.bytes();
        } else {
            if (readOnlyCommand) {
                throw new RedisError("ERR BITFIELD_RO only supports the GET subcommand");
            }
            entry = ctx.lookupWrite(key);
            byte[] old = entry == null ? null : StringCommands.stringValue(entry).bytes();
            int needed = (int) (highestWrite >> 3) + 1;
            grown = old == null || old.length < needed;
            s = old == null ? new byte[needed] : Arrays.copyOf(old, Math.max(old.length, needed));
        }

        List<Reply> replies = new ArrayList<>(ops.size());
        int changes = 0;
        for (FieldOp op : ops) {
            int width = op.width();
            long old = op.signed() ? signedField(s, op.offset, width)
                    : unsignedField(s, op.offset, width);
            if (op.code == OpCode.GET) {
                replies.add(Reply.integer(old));
                continue;
            }
            long incr = op.code == OpCode.INCRBY ? op.value : 0;
            long base = op.code == OpCode.INCRBY ? old : op.value;
            long[] limit = new long[1];
            boolean overflowed = op.signed()
                    ? signedOverflow(base, incr, width, op.overflow, limit)
                    : unsignedOverflow(base, incr, width, op.overflow, limit);
            if (overflowed && op.overflow == FAIL) {
                replies.add(Reply.NULL);
                continue;
            }
            long stored = overflowed ? limit[0] : base + incr;
            replies.add(Reply.integer(op.code == OpCode.INCRBY ? stored : old));
            setField(s, op.offset, width, stored);
            if (grown || stored != old) {
                changes++;
            }
        }

        if (!readOnly) {
            if (entry == null) {
                ctx.db().add(key, StringValue.raw(s));
            } else if (grown || changes > 0) {
                entry.setValue(StringValue.raw(s));
            }
            if (changes > 0) {
                ctx.touched(key);
                ctx.notify(NotifyFlags.STRING, "setbit", key);
                ctx.propagateVerbatim();
            }
        }
        return Reply.array(replies);
    }

    /** getUnsignedBitfield: {@code bits} bits from {@code offset}, most significant first. */
    static long unsignedField(byte[] s, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++) {
            value = (value << 1) | bitAt(s, offset + j);
        }
        return value;
    }

    /** getSignedBitfield: the unsigned field with its top bit sign-extended. */
    static long signedField(byte[] s, long offset, int bits) {
        long value = unsignedField(s, offset, bits);
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
            value |= -1L << bits;
        }
        return value;
    }

    /** setUnsignedBitfield (the signed form stores the same two's-complement bits). */
    static void setField(byte[] s, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++) {
            boolean on = (value & (1L << (bits - 1 - j))) != 0;
            long p = offset + j;
            int index = (int) (p >> 3);
            int mask = 1 << (7 - (int) (p & 7));
            s[index] = (byte) (on ? s[index] | mask : s[index] & ~mask);
        }
    }

    /**
     * checkUnsignedBitfieldOverflow: whether {@code value + incr} leaves {@code [0, 2^bits)}
     * (value compared unsigned, as SET's value is the signed argument seen as uint64), and
     * under WRAP or SAT the value to store in {@code limit[0]}.
     */
    static boolean unsignedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = (1L << bits) - 1; // bits <= 63
        long maxIncr = max - value;
        long minIncr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxIncr)) {
            limit[0] = owtype == WRAP ? (value + incr) & max : max;
            return true;
        }
        if (incr < 0 && incr < minIncr) {
            limit[0] = owtype == WRAP ? (value + incr) & max : 0;
            return true;
        }
        return false;
    }

    /**
     * checkSignedBitfieldOverflow, with Redis's wrapping arithmetic kept as is: its bounds
     * {@code max - value} and {@code min - value} may wrap, which is why SAT stores the
     * maximum for a SET of a value far below the minimum (checked against redis-server).
     */
    static boolean signedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncr = max - value;
        long minIncr = min - value;
        if (value > max || (bits != 64 && incr > maxIncr)
                || (value >= 0 && incr > 0 && incr > maxIncr)) {
            limit[0] = owtype == WRAP ? wrapSigned(value, incr, bits) : max;
            return true;
        }
        if (value < min || (bits != 64 && incr < minIncr)
                || (value < 0 && incr < 0 && incr < minIncr)) {
            limit[0] = owtype == WRAP ? wrapSigned(value, incr, bits) : min;
            return true;
        }
        return false;
    }

    private static long wrapSigned(long value, long incr, int bits) {
        long c = value + incr;
        if (bits < 64) {
            long mask = -1L << bits;
            c = (c & (1L << (bits - 1))) != 0 ? c | mask : c & ~mask;
        }
        return c;
    }
}
