/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal;

import dev.tandem.replication.ReplicationEvent;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an embedded node does after an error the JVM cannot recover from
 * ({@link VirtualMachineError}: {@link OutOfMemoryError}, {@link StackOverflowError}, ...) in one
 * of its own paths (a full sync's load, the stream applier, the cron, an API call): it stops, emits
 * {@link ReplicationEvent.NodeFailed} and refuses every later call with an
 * {@link IllegalStateException} naming the error. An OutOfMemoryError leaves the data set and the
 * node's threads in an unknown state (a unit half applied, a cron task cancelled by its executor),
 * and a node that carried on would be the half-alive zombie of issue #14; the launcher halts the
 * process instead ({@code FatalErrors}), an embedding application keeps its JVM and learns of it
 * here. A client request too large for the heap is not such an error: the RESP server answers it
 * {@code -OOM} and drops it, and the node goes on.
 */
public final class FatalErrorGuard {

    private static final Logger log = LoggerFactory.getLogger(FatalErrorGuard.class);

    private final String nodeName;
    private final EventBus events;
    private volatile Runnable stop = () -> { };
    private volatile VirtualMachineError fatal;

    public FatalErrorGuard(String nodeName, EventBus events) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** How the node stops (its {@code close()}); run once, on a thread of its own. */
    public void stopWith(Runnable action) {
        this.stop = Objects.requireNonNull(action, "action");
    }

    /** The {@link VirtualMachineError} in {@code error}'s cause chain, or null. */
    public static VirtualMachineError find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VirtualMachineError vme) {
                return vme;
            }
        }
        return null;
    }

    /**
     * Stops the node when {@code error} is (or wraps) a {@link VirtualMachineError}; returns
     * whether it was. Only the first such error acts; the stop runs on its own thread because the
     * caller may be one of the threads the stop waits for (an event loop, the cron).
     */
    public boolean report(Throwable error) {
        VirtualMachineError vme = find(error);
        if (vme == null) {
            return false;
        }
        synchronized (this) {
            if (fatal != null) {
                return true;
            }
            fatal = vme;
        }
        try {
            log.error("Node {} stops after {}: its data set and threads can no longer be trusted. Give the JVM more "
                    + "heap (-Xmx) or set maxmemory lower.", nodeName, vme.toString());
            events.emit(new ReplicationEvent.NodeFailed(nodeName, vme.toString()));
        } catch (Throwable ignored) {
            // still out of memory: stopping matters more than saying so
        }
        Runnable action = stop;
        try {
            Thread stopper = new Thread(action, nodeName + "-fatal-stop");
            stopper.setDaemon(true);
            stopper.start();
        } catch (Throwable noThread) {
            action.run(); // no memory for a thread: stop from here
        }
        return true;
    }

    /** The error that stopped the node, or null. */
    public VirtualMachineError fatal() {
        return fatal;
    }

    /** Throws when the node stopped after a fatal error. */
    public void check() {
        VirtualMachineError f = fatal;
        if (f != null) {
            throw new IllegalStateException("node " + nodeName + " stopped after " + f.getClass().getSimpleName() + ": "
                    + f.getMessage(), f);
        }
    }
}
