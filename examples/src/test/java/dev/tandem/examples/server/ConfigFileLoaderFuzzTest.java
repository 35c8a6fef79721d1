/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tandem.testkit.AllocationBudget;
import dev.tandem.testkit.FuzzInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target of tandem-server's configuration reading (docs/reliability.md): the
 * {@code redis.conf} grammar of {@link ConfigFileLoader} and the command line of
 * {@link LauncherCommandLine}. The contract: a configuration is either loaded or refused with a
 * {@link ConfigFileException} (whose report renders), nothing else, and memory stays proportional
 * to the text.
 *
 * <p>The loader follows {@code include}, {@code dir} and {@code logfile} wherever the text says,
 * so it runs inside a zip file system ({@code jdk.zipfs}) that holds only a small
 * {@code redis.conf} to include: no input can read or create a file of this machine.
 *
 * <p>Variants 0–3 read the input as the configuration on standard input ({@code tandem-server -}),
 * variants 4–7 as command-line arguments, one per line.
 */
class ConfigFileLoaderFuzzTest {

    private static Path zip;
    private static FileSystem sandbox;
    private static Path workingDirectory;

    @BeforeAll
    static void openSandbox() throws IOException {
        zip = Files.createTempFile("tandem-config-fuzz", ".zip");
        Files.delete(zip);
        sandbox = FileSystems.newFileSystem(zip, Map.of("create", "true"));
        workingDirectory = sandbox.getPath("/work");
        Files.createDirectories(workingDirectory.resolve("conf.d"));
        Files.writeString(workingDirectory.resolve("redis.conf"), "port 7000\nbind 127.0.0.1\n");
        Files.writeString(workingDirectory.resolve("conf.d/replica.conf"), "replicaof 127.0.0.1 6379\n");
    }

    @AfterAll
    static void closeSandbox() throws IOException {
        sandbox.close();
        Files.deleteIfExists(zip);
    }

    @FuzzTest(maxDuration = "2m")
    void load(byte[] data) {
        AllocationBudget.bounded("ConfigFileLoader", data.length, () -> loadOnce(data));
    }

    private static void loadOnce(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        LauncherCommandLine commandLine;
        byte[] stdin;
        if (input.variant() < 4) {
            commandLine = LauncherCommandLine.parse("-");
            stdin = input.payload();
        } else {
            commandLine = LauncherCommandLine.parse(new String(input.payload(), StandardCharsets.UTF_8).split("\n", -1));
            stdin = new byte[0];
        }
        try {
            LauncherConfig config = new ConfigFileLoader(workingDirectory, new ByteArrayInputStream(stdin)).load(commandLine);
            assertNotNull(config);
        } catch (ConfigFileException e) {
            assertNotNull(e.report("Tandem fuzz"));
        } catch (UncheckedIOException e) {
            throw new AssertionError("an I/O error escaped as an unchecked exception", e);
        }
    }
}
