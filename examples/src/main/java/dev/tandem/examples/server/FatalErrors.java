/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import java.io.PrintStream;
import java.util.function.IntConsumer;

/**
 * What {@code tandem-server} does when a thread dies of an error the JVM cannot recover from
 * ({@link VirtualMachineError}: {@link OutOfMemoryError}, {@link StackOverflowError}, ...): it
 * says so on standard error and halts with status 1 at once, as Redis aborts when an allocation
 * fails. Without it such a process lost its cron, accept and I/O threads one by one and lived
 * on as a zombie that held its port, answered nothing and ignored SIGTERM (issue #14). Halt,
 * not exit: shutdown hooks would need the threads and the memory that are gone.
 *
 * <p>Errors that a part of the node catches and handles itself never get here: a client request
 * too large for the heap gets an {@code -OOM} reply from the RESP server, and its memory is
 * garbage again once the request is dropped.
 */
final class FatalErrors implements Thread.UncaughtExceptionHandler {

    /** Exit status after a fatal error (Redis's abort() gives 134; a plain 1 reads as "failed"). */
    static final int STATUS = 1;

    private final PrintStream err;
    private final IntConsumer halt;
    private final Thread.UncaughtExceptionHandler others;

    FatalErrors(PrintStream err, IntConsumer halt, Thread.UncaughtExceptionHandler others) {
        this.err = err;
        this.halt = halt;
        this.others = others;
    }

    /** Installs the handler for every thread of the process (Netty's, the node's, the main one). */
    static void install(PrintStream err) {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(new FatalErrors(err, status -> Runtime.getRuntime().halt(status),
                previous != null ? previous : (t, e) -> {
                    err.println("Exception in thread \"" + t.getName() + "\"");
                    e.printStackTrace(err);
                }));
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        VirtualMachineError fatal = fatal(error);
        if (fatal == null) {
            others.uncaughtException(thread, error);
            return;
        }
        try {
            // The thread that died has released what it held, so there is usually room for this.
            err.println("*** FATAL: " + fatal + " in thread \"" + thread.getName()
                    + "\"; Tandem cannot continue and exits (status " + STATUS + "). Give the JVM more heap (-Xmx) "
                    + "or make the data set smaller.");
            err.flush();
        } catch (Throwable ignored) {
            // nothing left to say it with: halt all the same
        } finally {
            halt.accept(STATUS);
        }
    }

    private static VirtualMachineError fatal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VirtualMachineError vme) {
                return vme;
            }
        }
        return null;
    }
}
