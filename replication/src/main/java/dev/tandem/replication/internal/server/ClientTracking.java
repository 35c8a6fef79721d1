/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.Key;
import dev.tandem.core.internal.TrackedReads;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.internal.command.Args;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One connection's {@code CLIENT TRACKING} state (Redis's {@code CLIENT_TRACKING*} flags,
 * {@code client_tracking_redirection} and {@code client_tracking_prefixes}), and its reads'
 * registration in the server's {@link Tracking} table. The flags change on the connection's event
 * loop (CLIENT TRACKING, CLIENT CACHING); they are volatile because the keyspace reads them
 * wherever a unit runs (a blocked command is served on the pusher's thread).
 */
final class ClientTracking implements TrackedReads {

    final ClientConnection client;
    private final Tracking tracking;

    volatile boolean on;
    volatile boolean bcast;
    volatile boolean optin;
    volatile boolean optout;
    volatile boolean noloop;
    /** The redirect client was gone when an invalidation was due (flag {@code R}, {@code broken_redirect}). */
    volatile boolean brokenRedirect;
    /** CLIENT CACHING yes (OPTIN) / no (OPTOUT) for the next command or transaction. */
    volatile boolean caching;
    /** The client id invalidations go to; 0: this connection. */
    volatile long redirect;
    /** BCAST prefixes, sorted as Redis's rax lists them; guarded by the {@link Tracking}. */
    final Set<Key> prefixes = new TreeSet<>();
    /**
     * Invalidations caused by this connection's own command, written after that command's reply
     * (Redis's {@code tracking_pending_keys}); filled wherever the unit runs, drained on the loop.
     */
    final Queue<List<Reply>> afterReply = new ConcurrentLinkedQueue<>();

    ClientTracking(ClientConnection client, Tracking tracking) {
        this.client = client;
        this.tracking = tracking;
    }

    @Override
    public void remember(CommandSpec command, byte[][] argv, boolean script) {
        // OPTIN remembers only after CLIENT CACHING yes, OPTOUT all but after CLIENT CACHING no.
        if (!on || bcast || (optin && !caching) || (optout && caching)) {
            return;
        }
        if (script) {
            rememberScriptKeys(argv);
            return;
        }
        int first = command.firstKey();
        if (first <= 0 || first >= argv.length) {
            return;
        }
        int last = command.lastKey() < 0 ? argv.length + command.lastKey() : Math.min(command.lastKey(), argv.length - 1);
        int step = Math.max(1, command.keyStep());
        for (int i = first; i <= last; i += step) {
            tracking.remember(argv[i], client.id());
        }
    }

    /** EVAL/EVALSHA/FCALL[_RO] script numkeys key...: the declared keys. */
    private void rememberScriptKeys(byte[][] argv) {
        if (argv.length < 3) {
            return;
        }
        Long numkeys = Args.parseLongStrict(argv[2]);
        if (numkeys == null || numkeys <= 0) {
            return;
        }
        long end = Math.min(argv.length, 3 + numkeys);
        for (int i = 3; i < end; i++) {
            tracking.remember(argv[i], client.id());
        }
    }

    /** After each command outside MULTI (and not CLIENT itself), CLIENT CACHING's effect ends (Redis's resetClient). */
    void commandDone(boolean clientCommand) {
        if (caching && !clientCommand && !client.state.inMulti()) {
            caching = false;
        }
    }

    /** Writes the invalidations this connection's own command caused; on its event loop, after the reply. */
    void flushAfterReply() {
        List<Reply> frame;
        while ((frame = afterReply.poll()) != null) {
            client.push(frame);
        }
    }
}
