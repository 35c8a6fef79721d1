/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Pearson's chi-square goodness-of-fit against the uniform distribution, for the tests of random
 * selection (issue #22). Redis's own suite ({@code chi_square_value} in
 * {@code tests/unit/type/set.tcl}) fails 10 bins above 40; {@link #bound} generalizes that to any
 * number of bins so that small and large collections are held to the same false-alarm rate.
 */
final class ChiSquare {
    /**
     * Standard-normal quantile of the bound: 4.26 gives p = 1e-5, which for 9 degrees of freedom
     * is Redis's 40. The unseeded command tests would fail spuriously once in 100,000 runs each.
     */
    private static final double Z = 4.26;

    /** Counts of what was drawn. */
    static final class Histogram<T> {
        final Map<T, Long> counts = new HashMap<>();
        long total;

        void add(T value) {
            counts.merge(value, 1L, Long::sum);
            total++;
        }

        /** The statistic over {@code bins}; fails if anything outside them was drawn. */
        double statistic(Collection<T> bins) {
            for (T drawn : counts.keySet()) {
                assertTrue(bins.contains(drawn), "drew " + drawn + ", not an element");
            }
            double expected = (double) total / bins.size();
            double chi = 0;
            for (T bin : bins) {
                double d = counts.getOrDefault(bin, 0L) - expected;
                chi += d * d / expected;
            }
            return chi;
        }

        /** Asserts the draws look uniform over {@code bins}; returns the statistic. */
        double assertUniform(Collection<T> bins, String what) {
            assertEquals(bins.size(), counts.size(), what + ": some element was never drawn");
            if (bins.size() == 1) {
                return 0; // nothing to compare: the only element was the only one drawn
            }
            double chi = statistic(bins);
            double bound = bound(bins.size() - 1);
            // Printed so the figures can be compared with redis-server's (issue #22).
            System.out.printf("chi-square %-60s %10.1f (bound %.1f, %d bins, %d draws)%n", what, chi,
                    bound, bins.size(), total);
            assertTrue(chi < bound, what + ": chi-square " + chi + " >= " + bound
                    + " over " + bins.size() + " bins");
            return chi;
        }
    }

    private ChiSquare() {
    }

    /** The critical value for {@code df} degrees of freedom at p = 1e-5 (Wilson–Hilferty). */
    static double bound(int df) {
        double a = 2.0 / (9.0 * df);
        double c = 1 - a + Z * Math.sqrt(a);
        return df * c * c * c;
    }
}
