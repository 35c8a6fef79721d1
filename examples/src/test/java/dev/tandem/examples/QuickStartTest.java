/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's quick start is {@link QuickStart}, word for word, and it works. */
class QuickStartTest {

    /** Surefire runs in the module's directory. */
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "main", "java", "dev", "tandem", "examples", "QuickStart.java");

    @Test
    void theReadmeShowsTheQuickStartClassVerbatim() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int section = readme.indexOf("\n## Quick start\n");
        assertTrue(section >= 0, "README has a Quick start section");
        String fence = "```java\n";
        int start = readme.indexOf(fence, section);
        assertTrue(start >= 0, "the Quick start section has a java code block");
        start += fence.length();
        int end = readme.indexOf("```\n", start);
        String block = readme.substring(start, end);

        String source = Files.readString(SOURCE, StandardCharsets.UTF_8);
        // The file starts with the licence header comment every source file has
        // (scripts/add-license-headers.sh); README shows the class without it.
        if (source.startsWith("/*")) {
            source = source.substring(source.indexOf("*/") + 2).stripLeading();
        }
        String header = "package dev.tandem.examples;\n\n";
        assertTrue(source.startsWith(header), "QuickStart.java starts with its package line");
        assertEquals(source.substring(header.length()), block,
                "README's quick start must be QuickStart.java without its licence header and package line");
        assertTrue(block.lines().count() <= 20, "a quick start stays short");
    }

    @Test
    void theQuickStartReadsFromTheReplicaWhatWasWrittenToTheMaster() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertEquals("hello, Ada", captured.toString(StandardCharsets.UTF_8).strip());
    }
}
