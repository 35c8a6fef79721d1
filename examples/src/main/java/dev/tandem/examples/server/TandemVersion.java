/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Tandem's version, as Maven wrote it into {@code version.properties} at build time. */
final class TandemVersion {

    private static final String VERSION = read();

    private TandemVersion() {
    }

    static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = TandemVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("missing resource version.properties");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
