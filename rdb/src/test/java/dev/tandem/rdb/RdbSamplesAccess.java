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
