/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ScoreFormat#format}'s short path (exact dyadic decimals such as 1.5 or 0.0625) prints
 * what the general %.17g expansion prints, for values on both sides of its limits: digit counts
 * around 17, the fixed/scientific boundary at 1e-4, negative values, large and tiny exponents.
 */
class ScoreFormatFastPathTest {

    @Test
    void shortExactValuesPrintAsTheExpansionDoes() {
        double[] fixed = {1.5, -1.5, 0.25, 0.0625, 1234.0625, 0.5, 0.001953125, 0.0001220703125,
            0.00006103515625, 123456789.5, 12345678901234.5, 1234567890123456.5, 0.1, 1.0 / 3,
            4503599627370495.5, 9007199254740991.0 / 4, 1e-5 + 0.5, 3.0517578125E-5};
        for (double v : fixed) {
            assertEquals(ScoreFormat.formatExpanded(v), ScoreFormat.format(v), Double.toString(v));
        }
        Random rnd = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            double v = switch (i % 4) {
                case 0 -> (rnd.nextInt(2_000_000) - 1_000_000) / (double) (1 << rnd.nextInt(30));
                case 1 -> rnd.nextLong() / Math.pow(2, rnd.nextInt(64));
                case 2 -> Double.longBitsToDouble(rnd.nextLong());
                default -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20);
            };
            if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
                continue;
            }
            assertEquals(ScoreFormat.formatExpanded(v), ScoreFormat.format(v), Double.toString(v));
        }
    }
}
