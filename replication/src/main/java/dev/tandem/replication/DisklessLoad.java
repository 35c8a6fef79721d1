/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import java.util.Locale;

/** {@code repl-diskless-load}: how a replica loads a full sync (reference §4.3, §5). */
public enum DisklessLoad {
    /** Receive the whole payload before replacing the dataset (Redis: to a temp file first). */
    DISABLED("disabled"),
    /** Load straight from the socket only when the current dataset is empty. */
    ON_EMPTY_DB("on-empty-db"),
    /** Load straight from the socket into a separate dataset, swap when complete. */
    SWAPDB("swapdb");

    private final String configName;

    DisklessLoad(String configName) {
        this.configName = configName;
    }

    /** The value as written in {@code redis.conf}. */
    public String configName() {
        return configName;
    }

    static DisklessLoad parse(String value) {
        for (DisklessLoad mode : values()) {
            if (mode.configName.equals(value.toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        return null;
    }
}
