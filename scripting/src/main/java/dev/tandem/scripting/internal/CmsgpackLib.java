/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code cmsgpack} library as Redis 7.0 bundles it (lua-cmsgpack 0.4.0): {@code pack} of any
 * number of values, {@code unpack}, {@code unpack_one}, {@code unpack_limit}, with its choices —
 * integral numbers as the smallest integer format, other numbers as a float when that is exact,
 * strings as {@code str} formats, tables as arrays when their keys are exactly 1..n, nesting cut
 * at 16 levels (deeper tables become nil, which is how circular references survive) — and its
 * error texts. Written from the library's documented behaviour, checked against redis-server.
 */
final class CmsgpackLib {
    /** lua_cmsgpack.c's LUACMSGPACK_MAX_NESTING. */
    private static final int MAX_NESTING = 16;

    private CmsgpackLib() {
    }

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("pack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return pack(args);
            }
        });
        t.rawset("unpack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return unpack(string(args, "unpack"), 0, 0);
            }
        });
        t.rawset("unpack_one", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString s = string(args, "unpack_one");
                return unpack(s, 1, optInt(args, 2, "unpack_one"));
            }
        });
        t.rawset("unpack_limit", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString s = string(args, "unpack_limit");
                if (args.isnoneornil(2)) {
                    throw badArgument(2, "unpack_limit", "number", args);
                }
                int limit = optInt(args, 2, "unpack_limit");
                return unpack(s, limit, optInt(args, 3, "unpack_limit"));
            }
        });
        t.rawset("_NAME", "cmsgpack");
        t.rawset("_VERSION", "lua-cmsgpack 0.4.0");
        t.rawset("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo");
        t.rawset("_DESCRIPTION", "MessagePack C implementation for Lua");
        return t;
    }

    /** luaL_checklstring: a string, or a number as its text; otherwise Lua 5.1's argument error. */
    private static LuaString string(Varargs args, String function) {
        LuaValue v = args.arg1();
        if (!v.isstring()) {
            throw badArgument(1, function, "string", args);
        }
        return v.checkstring();
    }

    /** luaL_optinteger: 0 when absent, the number truncated, or Lua 5.1's argument error. */
    private static int optInt(Varargs args, int i, String function) {
        LuaValue v = args.arg(i);
        if (v.isnil()) {
            return 0;
        }
        if (!v.isnumber()) {
            throw badArgument(i, function, "number", args);
        }
        return (int) (long) v.todouble();
    }

    private static LuaError badArgument(int i, String function, String expected, Varargs args) {
        return new LuaError("bad argument #" + i + " to '" + function + "' (" + expected + " expected, got "
                + (args.narg() < i ? "no value" : args.arg(i).typename()) + ")");
    }

    // ---- pack -----------------------------------------------------------------------------

    static LuaValue pack(Varargs args) {
        if (args.narg() == 0) {
            throw new LuaError("bad argument #0 to 'pack' (MessagePack pack needs input.)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= args.narg(); i++) {
            encode(args.arg(i), out, 0);
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static void encode(LuaValue v, ByteArrayOutputStream out, int level) {
        int type = v.type();
        if (type == LuaValue.TTABLE && level == MAX_NESTING) {
            type = LuaValue.TNIL; // how a circular reference ends
        }
        switch (type) {
            case LuaValue.TBOOLEAN -> out.write(v.toboolean() ? 0xc3 : 0xc2);
            case LuaValue.TNUMBER -> encodeNumber(v.todouble(), out);
            case LuaValue.TSTRING -> encodeString(v.checkstring(), out);
            case LuaValue.TTABLE -> encodeTable((LuaTable) v, out, level);
            default -> out.write(0xc0);
        }
    }

    private static void encodeNumber(double n, ByteArrayOutputStream out) {
        if (!Double.isInfinite(n) && (double) (long) n == n && n >= -0x1p63 && n < 0x1p63) {
            encodeInt((long) n, out);
            return;
        }
        float f = (float) n;
        if ((double) f == n) {
            out.write(0xca);
            writeBig(out, Float.floatToRawIntBits(f) & 0xffffffffL, 4);
        } else {
            out.write(0xcb);
            writeBig(out, Double.doubleToRawLongBits(n), 8);
        }
    }

    private static void encodeInt(long n, ByteArrayOutputStream out) {
        if (n >= 0) {
            if (n <= 127) {
                out.write((int) n);
            } else if (n <= 0xff) {
                out.write(0xcc);
                writeBig(out, n, 1);
            } else if (n <= 0xffff) {
                out.write(0xcd);
                writeBig(out, n, 2);
            } else if (n <= 0xffffffffL) {
                out.write(0xce);
                writeBig(out, n, 4);
            } else {
                out.write(0xcf);
                writeBig(out, n, 8);
            }
        } else if (n >= -32) {
            out.write((int) n & 0xff);
        } else if (n >= -128) {
            out.write(0xd0);
            writeBig(out, n, 1);
        } else if (n >= -32768) {
            out.write(0xd1);
            writeBig(out, n, 2);
        } else if (n >= Integer.MIN_VALUE) {
            out.write(0xd2);
            writeBig(out, n, 4);
        } else {
            out.write(0xd3);
            writeBig(out, n, 8);
        }
    }

    private static void encodeString(LuaString s, ByteArrayOutputStream out) {
        int len = s.rawlen();
        if (len < 32) {
            out.write(0xa0 | len);
        } else if (len <= 0xff) {
            out.write(0xd9);
            writeBig(out, len, 1);
        } else if (len <= 0xffff) {
            out.write(0xda);
            writeBig(out, len, 2);
        } else {
            out.write(0xdb);
            writeBig(out, len & 0xffffffffL, 4);
        }
        out.write(LuaReplies.bytes(s), 0, len);
    }

    private static void encodeTable(LuaTable t, ByteArrayOutputStream out, int level) {
        if (isArray(t)) {
            int len = t.length();
            header(out, len, 0x90, 0xdc, 0xdd);
            for (int j = 1; j <= len; j++) {
                encode(t.rawget(j), out, level + 1);
            }
            return;
        }
        int count = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            k = n.arg1();
            if (k.isnil()) {
                break;
            }
            count++;
        }
        header(out, count, 0x80, 0xde, 0xdf);
        k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            k = n.arg1();
            if (k.isnil()) {
                break;
            }
            encode(k, out, level + 1);
            encode(n.arg(2), out, level + 1);
        }
    }

    /** Keys exactly 1..n (lua_cmsgpack's table_is_an_array: positive integral keys, max == count). */
    private static boolean isArray(LuaTable t) {
        long count = 0;
        double max = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            k = n.arg1();
            if (k.isnil()) {
                break;
            }
            if (k.type() != LuaValue.TNUMBER) {
                return false;
            }
            double d = k.todouble();
            if (d <= 0 || d != (int) d) {
                return false;
            }
            max = Math.max(max, d);
            count++;
        }
        return max == count;
    }

    private static void header(ByteArrayOutputStream out, int n, int fix, int op16, int op32) {
        if (n <= 15) {
            out.write(fix | n);
        } else if (n <= 0xffff) {
            out.write(op16);
            writeBig(out, n, 2);
        } else {
            out.write(op32);
            writeBig(out, n & 0xffffffffL, 4);
        }
    }

    private static void writeBig(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    // ---- unpack ---------------------------------------------------------------------------

    /** Input that ends inside a value (lua_cmsgpack's MP_CUR_ERROR_EOF). */
    private static final class Eof extends RuntimeException {
        Eof() {
            super(null, null, false, false);
        }
    }

    /** A byte no format starts with (MP_CUR_ERROR_BADFMT). */
    private static final class BadFormat extends RuntimeException {
        BadFormat() {
            super(null, null, false, false);
        }
    }

    private static final class Cursor {
        final byte[] b;
        int pos;

        Cursor(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        int left() {
            return b.length - pos;
        }

        void need(long n) {
            if (left() < n) {
                throw new Eof();
            }
        }

        long big(int n) {
            need(1 + n);
            long v = 0;
            for (int i = 1; i <= n; i++) {
                v = v << 8 | (b[pos + i] & 0xff);
            }
            pos += 1 + n;
            return v;
        }
    }

    /** mp_unpack_full: {@code limit} 0 and {@code offset} 0 decode everything, without the offset result. */
    static Varargs unpack(LuaString s, int limit, int offset) {
        byte[] bytes = LuaReplies.bytes(s);
        boolean all = limit == 0 && offset == 0;
        if (offset < 0 || limit < 0) {
            // As lua_cmsgpack.c, which prints the input's length where it means the limit.
            throw new LuaError("Invalid request to unpack with offset of " + offset + " and limit of "
                    + bytes.length + ".");
        }
        if (offset > bytes.length) {
            throw new LuaError("Start offset " + offset + " greater than input length " + bytes.length + ".");
        }
        int max = all ? Integer.MAX_VALUE : limit;
        Cursor c = new Cursor(bytes, offset);
        java.util.List<LuaValue> values = new java.util.ArrayList<>();
        for (int count = 0; c.left() > 0 && count < max; count++) {
            try {
                values.add(decode(c, 0));
            } catch (Eof e) {
                throw new LuaError("Missing bytes in input.");
            } catch (BadFormat e) {
                throw new LuaError("Bad data format in input.");
            }
        }
        if (!all) {
            values.add(0, LuaValue.valueOf(c.left() == 0 ? -1 : bytes.length - c.left()));
        }
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }

    private static LuaValue decode(Cursor c, int depth) {
        if (depth > LuaReplies.MAX_DEPTH) {
            // lua_cmsgpack would run out of C stack; a clear error instead of a Java stack overflow.
            throw new LuaError("Bad data format in input.");
        }
        c.need(1);
        int op = c.b[c.pos] & 0xff;
        switch (op) {
            case 0xcc: return LuaValue.valueOf((double) c.big(1));
            case 0xcd: return LuaValue.valueOf((double) c.big(2));
            case 0xce: return LuaValue.valueOf((double) c.big(4));
            case 0xcf: return LuaValue.valueOf((double) c.big(8)); // read as signed, as lua_cmsgpack does
            case 0xd0: return LuaValue.valueOf((double) (byte) c.big(1));
            case 0xd1: return LuaValue.valueOf((double) (short) c.big(2));
            case 0xd2: return LuaValue.valueOf((double) (int) c.big(4));
            case 0xd3: return LuaValue.valueOf((double) c.big(8));
            case 0xc0: c.pos++; return LuaValue.NIL;
            case 0xc3: c.pos++; return LuaValue.TRUE;
            case 0xc2: c.pos++; return LuaValue.FALSE;
            case 0xca: return LuaValue.valueOf((double) Float.intBitsToFloat((int) c.big(4)));
            case 0xcb: return LuaValue.valueOf(Double.longBitsToDouble(c.big(8)));
            // lua_cmsgpack 0.4.0 predates the bin formats (0xc4-0xc6): they are bad data to it.
            case 0xd9: return bytes(c, c.big(1));
            case 0xda: return bytes(c, c.big(2));
            case 0xdb: return bytes(c, c.big(4));
            case 0xdc: return array(c, c.big(2), depth);
            case 0xdd: return array(c, c.big(4), depth);
            case 0xde: return map(c, c.big(2), depth);
            case 0xdf: return map(c, c.big(4), depth);
            default:
                break;
        }
        if ((op & 0x80) == 0) {
            c.pos++;
            return LuaValue.valueOf(op);
        }
        if ((op & 0xe0) == 0xe0) {
            c.pos++;
            return LuaValue.valueOf((byte) op);
        }
        if ((op & 0xe0) == 0xa0) {
            c.pos++;
            return bytes(c, op & 0x1f);
        }
        if ((op & 0xf0) == 0x90) {
            c.pos++;
            return array(c, op & 0x0f, depth);
        }
        if ((op & 0xf0) == 0x80) {
            c.pos++;
            return map(c, op & 0x0f, depth);
        }
        throw new BadFormat();
    }

    private static LuaValue bytes(Cursor c, long len) {
        c.need(len);
        byte[] out = java.util.Arrays.copyOfRange(c.b, c.pos, c.pos + (int) len);
        c.pos += (int) len;
        return LuaString.valueUsing(out);
    }

    private static LuaValue array(Cursor c, long len, int depth) {
        // Each element needs at least one byte: a huge declared length fails without allocating.
        c.need(len);
        LuaTable t = new LuaTable();
        for (int j = 1; j <= len; j++) {
            t.rawset(j, decode(c, depth + 1));
        }
        return t;
    }

    private static LuaValue map(Cursor c, long len, int depth) {
        c.need(2 * len);
        LuaTable t = new LuaTable();
        for (long j = 0; j < len; j++) {
            LuaValue k = decode(c, depth + 1);
            LuaValue v = decode(c, depth + 1);
            if (k.isnil()) {
                throw new LuaError("table index is nil");
            }
            t.set(k, v);
        }
        return t;
    }
}
