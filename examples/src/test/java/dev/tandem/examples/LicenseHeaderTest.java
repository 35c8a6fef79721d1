/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every Java source file of every module, main and test, starts with the licence header, and the
 * licence files are there. This lives in examples only because a test here runs on every
 * {@code mvn -B verify} after the library modules; it checks the whole source tree, found by
 * walking up from the module directory to the reactor root. A file without the header fails the
 * build; {@code scripts/add-license-headers.sh} adds it.
 */
class LicenseHeaderTest {

    /** Byte for byte what scripts/add-license-headers.sh writes (followed there by a blank line). */
    static final String HEADER = """
            /*
             * Copyright 2026 The Tandem Authors
             * SPDX-License-Identifier: Apache-2.0
             */
            """;

    @Test
    void everyJavaSourceFileStartsWithTheLicenceHeader() throws IOException {
        Path root = ReactorRoot.find();
        List<Path> sources = javaSources(root);
        // A wrong root or a broken walk would otherwise pass with nothing checked.
        assertTrue(sources.contains(root.resolve(
                        Path.of("examples", "src", "test", "java", "dev", "tandem", "examples", "LicenseHeaderTest.java"))),
                "the walk from " + root + " finds this very file; it found " + sources.size() + " files");
        for (String module : List.of("testkit", "resp", "core", "rdb", "replication", "examples", "benchmarks")) {
            assertTrue(sources.stream().anyMatch(p -> p.startsWith(root.resolve(module))),
                    "the walk finds sources of module " + module);
        }

        List<String> missing = new ArrayList<>();
        for (Path source : sources) {
            String text = Files.readString(source, StandardCharsets.UTF_8);
            if (!text.startsWith(HEADER)) {
                missing.add(root.relativize(source).toString());
            }
        }
        assertEquals(List.of(), missing, missing.size() + " of " + sources.size()
                + " Java source files lack the licence header; run scripts/add-license-headers.sh");
    }

    @Test
    void theLicenceAndNoticeFilesAreAtTheRoot() throws IOException {
        Path root = ReactorRoot.find();
        String license = Files.readString(root.resolve("LICENSE"), StandardCharsets.UTF_8);
        assertTrue(license.contains("Apache License\n                           Version 2.0, January 2004"),
                "LICENSE is the Apache License 2.0");
        assertTrue(license.contains("END OF TERMS AND CONDITIONS"), "LICENSE is the whole text");
        String notice = Files.readString(root.resolve("NOTICE"), StandardCharsets.UTF_8);
        assertTrue(notice.startsWith("Tandem\nCopyright 2026 The Tandem Authors\n"), "NOTICE names the project");
    }

    /** Every {@code *.java} below some module's {@code src} directory; build output and .git skipped. */
    private static List<Path> javaSources(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return name.equals(".git") || name.equals("target") ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path relative = root.relativize(file);
                if (attrs.isRegularFile() && file.toString().endsWith(".java")
                        && relative.getNameCount() > 2 && relative.getName(1).toString().equals("src")) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }
}
