package dev.tandem.rdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared real-RDB samples: walks up from the working directory to a folder that
 * contains {@code shared/rdb-samples} (the repository is cloned as X with X/../shared beside
 * it, so from the module directory that is two levels up).
 */
final class RdbSamples {
    static final String STRINGS_SMALL = "v10_strings_small.rdb";
    static final String LARGE = "v10_large.rdb";
    static final String STREAM_MULTIDB = "v10_stream_multidb_lfu_nochecksum.rdb";
    static final String[] ALL = {STRINGS_SMALL, LARGE, STREAM_MULTIDB};

    private static Path directory;

    private RdbSamples() {
    }

    static synchronized Path directory() {
        if (directory == null) {
            Path start = Path.of("").toAbsolutePath();
            for (Path p = start; p != null; p = p.getParent()) {
                Path candidate = p.resolve("shared").resolve("rdb-samples");
                if (Files.isDirectory(candidate)) {
                    directory = candidate;
                    return directory;
                }
            }
            throw new IllegalStateException("cannot find shared/rdb-samples in " + start
                    + " or any parent directory; the RDB sample files are required by these tests");
        }
        return directory;
    }

    static Path path(String name) {
        return directory().resolve(name);
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
