/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The directory of the parent POM, for tests that check the repository as a whole. */
final class ReactorRoot {

    private ReactorRoot() {
    }

    /**
     * Walks up from the working directory (Surefire runs in the module's directory) to the first
     * directory whose pom.xml is tandem-parent's. Fails rather than guessing: a check that found
     * no tree would pass for the wrong reason.
     */
    static Path find() throws IOException {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom)
                    && Files.readString(pom, StandardCharsets.UTF_8).contains("<artifactId>tandem-parent</artifactId>")
                    && Files.isDirectory(dir.resolve("examples"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no tandem-parent pom.xml above " + start);
    }
}
