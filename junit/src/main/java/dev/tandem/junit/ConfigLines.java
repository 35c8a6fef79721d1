/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit;

import java.util.ArrayList;
import java.util.List;

/** The {@code redis.conf}-style lines of {@link TandemCluster#masterConfig()} and {@link TandemCluster#replicaConfig()}. */
final class ConfigLines {

    private ConfigLines() {
    }

    /**
     * Each line as {directive, value}; the value is the rest of the line after the first run of
     * spaces (so {@code "client-output-buffer-limit replica 512kb 0 0"} keeps its four words).
     */
    static List<String[]> parse(String attribute, String[] lines) {
        List<String[]> parsed = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            int space = trimmed.indexOf(' ');
            if (space <= 0) {
                throw new IllegalArgumentException("@TandemCluster(" + attribute + ") line '" + line
                        + "': expected a directive, a space and its value, as in redis.conf");
            }
            parsed.add(new String[] {trimmed.substring(0, space), trimmed.substring(space + 1).strip()});
        }
        return parsed;
    }
}
