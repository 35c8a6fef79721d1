/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README's JUnit example is {@link ReplicatedCacheTest}, word for word: that class is compiled
 * and run by this module's build, so the example cannot rot.
 */
class ReadmeExampleTest {

    /** Surefire runs in the module's directory. */
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "test", "java", "dev", "tandem", "junit", "readme", "ReplicatedCacheTest.java");

    @Test
    void theReadmeShowsTheTestClassVerbatim() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int section = readme.indexOf("\n## Testing with JUnit 5\n");
        assertTrue(section >= 0, "README has a 'Testing with JUnit 5' section");
        String fence = "```java\n";
        int start = readme.indexOf(fence, section);
        assertTrue(start >= 0, "the section has a java code block");
        start += fence.length();
        String block = readme.substring(start, readme.indexOf("```\n", start));

        String source = Files.readString(SOURCE, StandardCharsets.UTF_8);
        // README shows the class without the licence header and package line every source file has.
        source = source.substring(source.indexOf("*/") + 2).stripLeading();
        String header = "package dev.tandem.junit.readme;\n\n";
        assertTrue(source.startsWith(header), "ReplicatedCacheTest.java starts with its package line");
        assertEquals(source.substring(header.length()), block,
                "README's JUnit example must be ReplicatedCacheTest.java without its licence header and package line");
        assertTrue(block.lines().count() < 20, "the example stays under 20 lines: " + block.lines().count());
    }
}
