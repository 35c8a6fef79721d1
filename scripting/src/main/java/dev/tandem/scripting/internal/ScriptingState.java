/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.Varargs;

/**
 * A node's scripting: its Lua engine, script cache and function libraries, and the script
 * running now. Scripts run under the keyspace write lock on the calling connection's thread;
 * the running one is published here so that other connections can be told BUSY and SCRIPT KILL
 * / FUNCTION KILL can stop it without taking that lock.
 */
public final class ScriptingState implements ScriptHost {
    static final String BUSY_SCRIPT =
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    static final String BUSY_FUNCTION =
            "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

    private final LuaEngine engine = new LuaEngine(this);
    private final EvalCommands eval = new EvalCommands(this);
    private final FunctionCommands functions = new FunctionCommands(this);
    private volatile ScriptRun running;
    /** {@code busy-reply-threshold} in milliseconds, read when a script starts and for BUSY checks. */
    private volatile LongSupplier busyReplyThreshold = () -> 5000;
    /**
     * Completed when the running script ends or crosses the threshold: commands of other clients
     * that arrived meanwhile wait for it off their I/O thread (Redis does not read them either),
     * then run or get BUSY. Guarded by {@code this}.
     */
    private CompletableFuture<Void> endOrBusy = CompletableFuture.completedFuture(null);
    /** The server's own commands and MONITOR feed for scripts; none for a bare keyspace. */
    private volatile dev.tandem.scripting.ScriptServer server = dev.tandem.scripting.ScriptServer.NONE;
    /** Where scripts run, so that the connections' I/O threads stay free to answer BUSY. */
    private ExecutorService executor;

    /** Registers EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT, FUNCTION, FCALL and FCALL_RO. */
    public void register(CommandTable table) {
        eval.register(table);
        functions.register(table);
    }

    public FunctionCommands functions() {
        return functions;
    }

    LuaEngine engine() {
        return engine;
    }

    /** {@code busy-reply-threshold} (alias {@code lua-time-limit}), in milliseconds; 0 disables BUSY. */
    public void busyReplyThreshold(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("busy-reply-threshold must be >= 0: " + millis);
        }
        this.busyReplyThreshold = () -> millis;
    }

    /** Reads the threshold from the node's configuration (CONFIG SET busy-reply-threshold). */
    public void busyReplyThresholdSource(LongSupplier source) {
        this.busyReplyThreshold = java.util.Objects.requireNonNull(source);
    }

    public long busyReplyThreshold() {
        return busyReplyThreshold.getAsLong();
    }

    Reply run(ExecutionContext ctx, String name, boolean readOnly, boolean function, LuaFunction fn, Varargs args) {
        // A script's SELECT is its own: the caller stays on its database (Redis 7.0).
        int callerDb = ctx.client().db();
        ScriptRun run = new ScriptRun(ctx, name, readOnly, function, System.nanoTime());
        CompletableFuture<Void> signal = new CompletableFuture<>();
        synchronized (this) {
            endOrBusy = signal;
            running = run;
        }
        long threshold = busyReplyThreshold.getAsLong();
        if (threshold > 0) {
            CompletableFuture.delayedExecutor(threshold, TimeUnit.MILLISECONDS).execute(() -> signal.complete(null));
        }
        try {
            return engine.run(run, fn, args);
        } finally {
            synchronized (this) {
                running = null;
            }
            signal.complete(null);
            ctx.client().select(callerDb);
        }
    }

    /**
     * The BUSY error another client gets now, or null: a script has been running longer than
     * the threshold. Called on connection threads without the keyspace lock.
     */
    public String busyError() {
        ScriptRun run = running;
        long threshold = busyReplyThreshold.getAsLong();
        if (run == null || threshold <= 0) {
            return null;
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - run.startNanos);
        if (elapsed < threshold) {
            return null;
        }
        return run.function ? BUSY_FUNCTION : BUSY_SCRIPT;
    }

    /** Whether a script is running now (its connection holds the keyspace write lock). */
    public boolean scriptRunning() {
        return running != null;
    }

    /**
     * Null when no script runs or the running one is already past the threshold; otherwise a
     * future completed when it ends or crosses the threshold, for a command that must not wait
     * on the keyspace lock on an I/O thread meanwhile.
     */
    public synchronized CompletableFuture<Void> untilEndOrBusy() {
        return running == null || busyError() != null || endOrBusy.isDone() ? null : endOrBusy;
    }

    /** The thread scripts run on (one, as scripts run one at a time anyway); started on first use. */
    public synchronized java.util.concurrent.Executor executor() {
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "tandem-scripts");
                t.setDaemon(true);
                return t;
            });
        }
        return executor;
    }

    /** Stops a running script and the script thread (the node is closing). */
    public void close() {
        abort();
        synchronized (this) {
            if (executor != null) {
                executor.shutdown();
            }
        }
    }

    /**
     * SCRIPT KILL ({@code function} false) or FUNCTION KILL: stops the running script at its next
     * instruction check if it has not written (script.c scriptKill). Needs no lock.
     */
    public Reply kill(boolean function) {
        ScriptRun run = running;
        if (run == null) {
            return Reply.error("NOTBUSY No scripts in execution right now.");
        }
        if (run.ctx.client().isFromMaster()) {
            return Reply.error("UNKILLABLE The busy script was sent by a master instance in the context "
                    + "of replication and cannot be killed.");
        }
        if (run.dirty) {
            return Reply.error("UNKILLABLE Sorry the script already executed write commands against the "
                    + "dataset. You can either wait the script termination or kill the server in a hard way "
                    + "using the SHUTDOWN NOSAVE command.");
        }
        if (run.function != function) {
            // SCRIPT KILL does not stop a function, nor FUNCTION KILL a script (script.c scriptKill).
            return Reply.error(run.function ? BUSY_FUNCTION : BUSY_SCRIPT);
        }
        run.killRequested = true;
        return Reply.OK;
    }

    /** FUNCTION STATS answered while a script runs (it is allowed when busy, as in Redis). */
    public Reply functionStats() {
        return functions.stats(running);
    }

    /**
     * Stops the running script, written or not, at its next instruction check: the node is
     * closing (Redis's SHUTDOWN NOSAVE ends a busy script the same way, by ending the server).
     * Its writes so far stay, and have propagated as one unit with the script's reply.
     */
    public void abort() {
        ScriptRun run = running;
        if (run != null) {
            run.killRequested = true;
        }
    }

    /** Registers the server's commands and MONITOR feed for {@code redis.call} (the RESP server does). */
    public void server(dev.tandem.scripting.ScriptServer value) {
        this.server = java.util.Objects.requireNonNull(value);
    }

    @Override
    public dev.tandem.scripting.ScriptServer server() {
        return server;
    }

    @Override
    public void scriptProgress(ScriptRun run) {
        // The check itself is the kill flag, read by the engine's hook; nothing else to do here.
    }
}
