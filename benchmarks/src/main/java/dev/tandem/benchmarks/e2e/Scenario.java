/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.util.List;

/** One end-to-end scenario: runs the Tandem side and the Redis side and returns their rows. */
interface Scenario {
    int number();

    String title();

    /**
     * Runs both sides. A side that fails becomes a {@link ResultRow#failed} row rather than an
     * exception, so one broken scenario does not hide the others' figures.
     */
    List<ResultRow> run(HarnessOptions options, Progress progress) throws Exception;

    /** Progress lines on stderr, so a long run shows where it is. */
    interface Progress {
        void log(String format, Object... args);
    }
}
