/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;

/** The rows of one run, rendered as the Markdown table that {@code docs/performance.md} shows. */
final class ResultTable {
    private final List<ResultRow> rows = new ArrayList<>();

    synchronized void add(ResultRow row) {
        rows.add(row);
    }

    synchronized void addAll(List<ResultRow> more) {
        rows.addAll(more);
    }

    synchronized List<ResultRow> rows() {
        return List.copyOf(rows);
    }

    synchronized String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| # | metric | Tandem | Redis | Tandem / Redis | unit | notes |\n");
        out.append("|---|---|---:|---:|---:|---|---|\n");
        for (ResultRow r : rows) {
            String unit = r.better().text().isEmpty() ? r.unit()
                    : r.unit() + " (" + r.better().text() + ")";
            out.append("| ").append(cell(r.scenario()))
                    .append(" | ").append(cell(r.metric()))
                    .append(" | ").append(cell(r.tandem()))
                    .append(" | ").append(cell(r.redis()))
                    .append(" | ").append(cell(r.ratio()))
                    .append(" | ").append(cell(unit))
                    .append(" | ").append(cell(r.notes()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
