/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * LuaBitOp's {@code bit} library as Redis bundles it: 32-bit operations whose results are
 * <em>signed</em> 32-bit numbers (luaj's own bit32 returns unsigned ones, so it is not used).
 */
final class BitLib {
    private BitLib() {
    }

    static LuaTable create() {
        LuaTable bit = new LuaTable();
        bit.rawset("tobit", op(a -> a.arg1Bits()));
        bit.rawset("bnot", op(a -> ~a.arg1Bits()));
        bit.rawset("band", fold((x, y) -> x & y));
        bit.rawset("bor", fold((x, y) -> x | y));
        bit.rawset("bxor", fold((x, y) -> x ^ y));
        bit.rawset("lshift", op(a -> a.arg1Bits() << (a.bitsAt(2) & 31)));
        bit.rawset("rshift", op(a -> a.arg1Bits() >>> (a.bitsAt(2) & 31)));
        bit.rawset("arshift", op(a -> a.arg1Bits() >> (a.bitsAt(2) & 31)));
        bit.rawset("rol", op(a -> Integer.rotateLeft(a.arg1Bits(), a.bitsAt(2) & 31)));
        bit.rawset("ror", op(a -> Integer.rotateRight(a.arg1Bits(), a.bitsAt(2) & 31)));
        bit.rawset("bswap", op(a -> Integer.reverseBytes(a.arg1Bits())));
        bit.rawset("tohex", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int x = bits(args, 1);
                int n = args.isnoneornil(2) ? 8 : bits(args, 2);
                boolean upper = false;
                if (n < 0) {
                    n = -n;
                    upper = true;
                }
                if (n > 8) {
                    n = 8;
                }
                String hex = String.format(upper ? "%08X" : "%08x", x);
                return LuaValue.valueOf(hex.substring(8 - n));
            }
        });
        return bit;
    }

    /** LuaBitOp's normalisation: the number modulo 2^32 as a signed 32-bit integer. */
    static int bits(Varargs args, int i) {
        LuaValue v = args.arg(i);
        if (!v.isnumber()) {
            throw new LuaError("bad argument #" + i + " (number expected, got " + v.typename() + ")");
        }
        double d = v.todouble();
        // Redis's LuaBitOp adds 2^52+2^51 and takes the low word: rounding to nearest, mod 2^32.
        double r = Math.rint(d);
        return (int) (long) (r % 4294967296.0);
    }

    private interface Body {
        int apply(Args a);
    }

    private interface Fold {
        int apply(int x, int y);
    }

    private record Args(Varargs v) {
        int arg1Bits() {
            return bits(v, 1);
        }

        int bitsAt(int i) {
            return BitLib.bits(v, i);
        }
    }

    private static VarArgFunction op(Body body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(body.apply(new Args(args)));
            }
        };
    }

    private static VarArgFunction fold(Fold f) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int acc = bits(args, 1);
                for (int i = 2; i <= args.narg(); i++) {
                    acc = f.apply(acc, bits(args, i));
                }
                return LuaValue.valueOf(acc);
            }
        };
    }
}
