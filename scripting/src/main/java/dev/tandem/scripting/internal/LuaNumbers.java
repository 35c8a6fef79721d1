/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** C's {@code printf("%.17g")}, which Redis uses to turn Lua numbers into command arguments. */
final class LuaNumbers {
    private LuaNumbers() {
    }

    static String g17(double d) {
        return g(d, 17);
    }

    /** C's {@code printf("%.<precision>g")}. */
    static String g(double d, int precision) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < Math.pow(10, precision)) {
            return Long.toString((long) d);
        }
        BigDecimal bd = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= precision) {
            BigDecimal unscaled = bd.movePointLeft(exp).stripTrailingZeros();
            String mant = unscaled.toPlainString();
            String e = (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
            return mant + "e" + e;
        }
        return bd.stripTrailingZeros().toPlainString();
    }
}
