/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.nio.file.Path;

/** Public door to {@link RdbSamples} for tests in other packages. */
public final class RdbSamplesAccess {
    private RdbSamplesAccess() {
    }

    public static Path path(String name) {
        return RdbSamples.path(name);
    }
}
