/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link GeoMath} returns the double nearest to the exact sin, cos and asin (checked against a
 * 60-digit {@link BigDecimal} evaluation), over the arguments the geo formulas use. glibc, which
 * Redis uses, returns that same double for all but about 0.1% of arguments; {@code GeoInteropTest}
 * compares the distances with redis-server itself.
 */
class GeoMathTest {
    private static final MathContext MC = new MathContext(60);

    private static BigDecimal series(BigDecimal x, boolean sine) {
        BigDecimal x2 = x.multiply(x, MC);
        BigDecimal term = sine ? x : BigDecimal.ONE;
        BigDecimal sum = term;
        int n = sine ? 2 : 1;
        for (int k = 0; k < 200; k++, n += 2) {
            term = term.multiply(x2, MC).divide(BigDecimal.valueOf((long) n * (n + 1)), MC).negate();
            sum = sum.add(term, MC);
            if (term.signum() == 0 || term.abs().compareTo(BigDecimal.ONE.movePointLeft(70)) < 0) {
                break;
            }
        }
        return sum;
    }

    private static BigDecimal asinExact(double x) {
        BigDecimal target = new BigDecimal(x);
        BigDecimal y = new BigDecimal(StrictMath.asin(x));
        for (int i = 0; i < 4; i++) {
            y = y.subtract(series(y, true).subtract(target, MC).divide(series(y, false), MC), MC);
        }
        return y;
    }

    /** {@code r} is the double nearest to {@code exact} (ties either way). */
    private static void assertNearest(BigDecimal exact, double r, String what) {
        BigDecimal err = exact.subtract(new BigDecimal(r)).abs();
        assertTrue(err.compareTo(exact.subtract(new BigDecimal(Math.nextUp(r))).abs()) <= 0
                && err.compareTo(exact.subtract(new BigDecimal(Math.nextDown(r))).abs()) <= 0,
                what + " = " + r + ", exact " + exact.round(new MathContext(25)));
    }

    @Test
    void sinAndCosAreCorrectlyRounded() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 3_000; i++) {
            double x = switch (i % 4) {
                case 0 -> r.nextDouble(-Math.PI, Math.PI);
                case 1 -> r.nextDouble(-0.01, 0.01);
                case 2 -> r.nextDouble(-1e-7, 1e-7);
                default -> r.nextDouble(-8, 8);
            };
            BigDecimal bx = new BigDecimal(x);
            assertNearest(series(bx, true), GeoMath.sin(x), "sin(" + x + ")");
            assertNearest(series(bx, false), GeoMath.cos(x), "cos(" + x + ")");
        }
    }

    @Test
    void asinIsCorrectlyRounded() {
        SplittableRandom r = new SplittableRandom(6);
        for (int i = 0; i < 1_000; i++) {
            double x = switch (i % 3) {
                case 0 -> r.nextDouble(0, 1);
                case 1 -> r.nextDouble(0, 1e-3);
                default -> r.nextDouble(0.9, 0.999);
            };
            assertNearest(asinExact(x), GeoMath.asin(x), "asin(" + x + ")");
        }
    }

    @Test
    void edgesAreThoseOfLibm() {
        assertEquals(0.0, GeoMath.sin(0.0));
        assertEquals(1.0, GeoMath.cos(0.0));
        assertEquals(StrictMath.asin(1.0), GeoMath.asin(1.0));
        assertEquals(0.0, GeoMath.asin(0.0));
        assertTrue(Double.isNaN(GeoMath.cos(Double.POSITIVE_INFINITY)));
        assertEquals(StrictMath.sin(100.0), GeoMath.sin(100.0)); // beyond the series: fdlibm
    }
}
