/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue #14 defect 1 (the launcher's part): a thread dying of an OutOfMemoryError ends the process visibly. */
class FatalErrorsTest {

    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(text, true, StandardCharsets.UTF_8);
    private final List<Integer> halted = new ArrayList<>();
    private final List<Throwable> passedOn = new ArrayList<>();
    private final FatalErrors handler = new FatalErrors(err, halted::add, (t, e) -> passedOn.add(e));

    @Test
    void anOutOfMemoryErrorHaltsWithAMessage() {
        handler.uncaughtException(new Thread("tandem-io-1"), new OutOfMemoryError("Java heap space"));
        assertEquals(List.of(1), halted);
        String said = text.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("FATAL: java.lang.OutOfMemoryError: Java heap space in thread \"tandem-io-1\""), said);
    }

    @Test
    void aWrappedOneToo() {
        handler.uncaughtException(new Thread("cron"), new IllegalStateException("task failed", new OutOfMemoryError()));
        assertEquals(List.of(1), halted);
    }

    @Test
    void otherExceptionsArePassedOnAndDoNotHalt() {
        RuntimeException e = new IllegalStateException("a bug");
        handler.uncaughtException(new Thread("worker"), e);
        assertEquals(List.of(), halted);
        assertEquals(List.of(e), passedOn);
    }
}
