/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

import dev.tandem.core.internal.ExecutionContext;

/**
 * One script or function invocation in progress (Redis's scriptRunCtx): what {@code redis.call}
 * acts on, and what another connection's SCRIPT KILL / FUNCTION KILL and BUSY replies look at.
 */
final class ScriptRun {
    final ExecutionContext ctx;
    /** The script's sha (EVAL) or the function's name (FCALL), used in error replies. */
    final String name;
    final boolean readOnly;
    final boolean function;
    final long startNanos;
    /** The command that started the run (FUNCTION STATS shows it). */
    final byte[][] command;
    /** The RESP version replies reach the script in ({@code redis.setresp}); Redis starts at 2. */
    int resp = 2;
    /** {@code redis.set_repl}: whether writes propagate (REPL_ALL or REPL_REPLICA). */
    boolean propagate = true;
    /** A write already ran: the script can no longer be killed (Redis's SCRIPT_WRITE_DIRTY). */
    volatile boolean dirty;
    volatile boolean killRequested;

    ScriptRun(ExecutionContext ctx, String name, boolean readOnly, boolean function, long startNanos) {
        this.ctx = ctx;
        this.name = name;
        this.readOnly = readOnly;
        this.function = function;
        this.startNanos = startNanos;
        this.command = ctx.argv();
    }
}
