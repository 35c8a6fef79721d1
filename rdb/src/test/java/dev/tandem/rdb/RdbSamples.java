/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The real-RDB samples, test resources of this module ({@code src/test/resources/rdb-samples},
 * where a README gives their contents and a script regenerates them). They are loaded from
 * the test class path, so the tests need nothing outside the repository.
 */
final class RdbSamples {
    static final String STRINGS_SMALL = "v10_strings_small.rdb";
    static final String LARGE = "v10_large.rdb";
    static final String STREAM_MULTIDB = "v10_stream_multidb_lfu_nochecksum.rdb";
    static final String[] ALL = {STRINGS_SMALL, LARGE, STREAM_MULTIDB};

    private static final String FOLDER = "/rdb-samples/";
    private static final Map<String, Path> PATHS = new HashMap<>();

    private RdbSamples() {
    }

    private static URL resource(String name) {
        URL url = RdbSamples.class.getResource(FOLDER + name);
        if (url == null) {
            throw new IllegalStateException("test resource " + FOLDER + name + " is not on the class path");
        }
        return url;
    }

    /**
     * A file holding the sample: the resource itself when the class path is a directory (the
     * build's target/test-classes), otherwise a copy in a temporary file.
     */
    static synchronized Path path(String name) {
        Path path = PATHS.get(name);
        if (path == null) {
            URL url = resource(name);
            try {
                if ("file".equals(url.getProtocol())) {
                    path = Path.of(url.toURI());
                } else {
                    path = Files.createTempFile("rdb-sample-", "-" + name);
                    path.toFile().deleteOnExit();
                    try (InputStream in = url.openStream()) {
                        Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(url.toString(), e);
            }
            PATHS.put(name, path);
        }
        return path;
    }

    static byte[] bytes(String name) {
        try (InputStream in = resource(name).openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
