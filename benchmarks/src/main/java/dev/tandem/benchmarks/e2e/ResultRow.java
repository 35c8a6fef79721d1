/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.util.Locale;

/**
 * One line of the result table: a metric measured on Tandem and on redis-server in the same
 * run, and their ratio (always Tandem / Redis; {@link Better} says which way is good).
 */
record ResultRow(String scenario, String metric, String tandem, String redis, String ratio, String unit,
        Better better, String notes) {

    /** Which direction of the figure is good. */
    enum Better {
        LOWER("lower is better"), HIGHER("higher is better"), NONE("");

        private final String text;

        Better(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }
    }

    /** A measured pair; NaN stands for "not measured" (shown as n/a, no ratio). */
    static ResultRow of(String scenario, String metric, double tandem, double redis, String unit, Better better,
            String notes) {
        String ratio = Double.isNaN(tandem) || Double.isNaN(redis) || redis == 0 ? "n/a"
                : String.format(Locale.ROOT, "%.2f", tandem / redis);
        return new ResultRow(scenario, metric, format(tandem), format(redis), ratio, unit, better, notes);
    }

    /** A qualitative pair (for example the proof that no full sync happened). */
    static ResultRow text(String scenario, String metric, String tandem, String redis, String notes) {
        return new ResultRow(scenario, metric, tandem, redis, "—", "", Better.NONE, notes);
    }

    /** A scenario that failed on one side: the failure is part of the report, not hidden. */
    static ResultRow failed(String scenario, String metric, String side, Throwable cause) {
        String message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String tandem = side.equals("tandem") ? "FAILED" : "";
        String redis = side.equals("redis") ? "FAILED" : "";
        return new ResultRow(scenario, metric, tandem, redis, "n/a", "", Better.NONE, message);
    }

    /** Three significant digits at least, without scientific notation for table readers. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
