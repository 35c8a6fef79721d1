/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.CommandResult;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.command.Args;
import dev.tandem.replication.PropagationErrorBehavior;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.replica.delay.DelayController;
import dev.tandem.replication.internal.replica.delay.HeldUnit;
import dev.tandem.replication.internal.stream.ReplicationStream;
import dev.tandem.resp.RespCommand;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies units of the master's stream to the node, for one {@link ReplicaLink} (across its
 * connections): a unit is a single command or a whole {@code MULTI … EXEC}. Under the keyspace
 * write lock its exact bytes are appended to this node's own backlog (re-encoded as RESP2 and
 * checked against the decoder's wire length — any difference is a desync that ends the link),
 * which advances the applied offset by exactly the unit's bytes and serves sub-replicas byte
 * for byte; then its commands run through {@code core} as the master client, which never sees a
 * key as expired.
 *
 * <p>A complete unit is {@linkplain #receive received} from the connection's
 * {@link StreamApplier}: applied at once, or, on a delayed replica ({@code replica-delay}, see
 * {@link DelayController}), held and {@linkplain #applyHeld applied} when due. Either way the
 * same code appends and executes it, so a delayed replica's backlog and sub-replicas carry the
 * same bytes, later.
 *
 * <p>A command that fails here (unknown to Tandem, or erroring) means the data set may no longer
 * be the master's. Each failure counts ({@code tandem_propagation_errors}) and emits
 * {@link ReplicationEvent.ApplyFailed}; then {@code propagation-error-behavior} decides, once the
 * unit is applied and the lock released: {@code ignore} logs Redis's {@code == CRITICAL ==} line
 * (once per command name) and goes on, as Redis does; {@code resync} (Tandem's default) drops the
 * cached history and the connection, so the next attempt is a full sync; {@code panic} and
 * {@code panic-on-replicas} drop the history and park the link. A delayed unit that fails also
 * drops the units still pending (they would apply on a data set that is not the master's).
 */
final class UnitApplier implements DelayController.Applier {

    private static final Logger log = LoggerFactory.getLogger(UnitApplier.class);

    /** What became of a received unit. */
    enum Outcome { DONE, RETIRED, DIVERGED }

    private final ReplicaLink link;
    private final ReplicationContext context;
    private final Keyspace keyspace;
    private final ReplicationStream stream;
    private final ClientState masterClient = ClientState.master();
    private final Set<String> reportedErrors = new HashSet<>();
    /** Failures of held units applied by the current drain: {name, error} pairs (under the write lock). */
    private final List<String[]> heldFailures = new ArrayList<>();
    /** The db the received stream has selected after the last held unit (PENDING shows it). */
    private int receiveDb;

    UnitApplier(ReplicaLink link) {
        this.link = link;
        this.context = link.context();
        this.keyspace = context.keyspace();
        this.stream = context.stream();
    }

    /**
     * A complete unit arrived on {@code connection}: apply it now, or hold it while the node is
     * delayed. Answers {@code REPLCONF GETACK} with the received offset before the unit.
     */
    Outcome receive(MasterConnection connection, List<RespCommand> unit, boolean execute) {
        long offsetBefore;
        long offsetAfter;
        boolean getack = false;
        boolean held;
        List<String[]> failures = new ArrayList<>();
        DelayController delay = context.delay();
        ReentrantReadWriteLock.WriteLock lock = keyspace.lock().writeLock();
        lock.lock();
        try {
            if (link.isStopped() || delay.detached()) {
                // The link was replaced (REPLICAOF), the node promoted, or REPLDELAY SKIP made its
                // history its own, while this channel was still reading: none of the old
                // master's bytes may land any more.
                return Outcome.RETIRED;
            }
            held = delay.holds();
            if (held) {
                offsetBefore = delay.receivedOffset();
                int restored = delay.takeRestoredReceiveDb();
                if (delay.pendingUnits() == 0) {
                    receiveDb = context.streamDb();
                } else if (restored >= 0) {
                    receiveDb = restored; // units a restart resumed: the stream continues after them
                }
                int db = receiveDb;
                for (RespCommand command : unit) {
                    checkForwardable(command); // a desync is found on arrival, not when due
                    getack |= isGetack(command);
                    receiveDb = selectedDb(command, receiveDb);
                }
                delay.hold(unit, execute, db);
                offsetAfter = delay.receivedOffset();
            } else {
                offsetBefore = stream.offset();
                masterClient.select(context.streamDb());
                for (RespCommand command : unit) {
                    appendExact(command);
                }
                if (execute) {
                    for (RespCommand command : unit) {
                        getack |= apply(command, failures);
                    }
                }
                offsetAfter = stream.offset();
            }
        } finally {
            lock.unlock();
        }
        if (!held) {
            keyspace.dispatchChangeEvents();
            stream.wakeSenders();
        }
        if (getack) {
            connection.sendAck(offsetBefore);
        }
        if (!failures.isEmpty()) {
            return propagationFailed(connection, failures, offsetAfter, false) ? Outcome.DIVERGED : Outcome.DONE;
        }
        return Outcome.DONE;
    }

    @Override
    public DelayController.Applied applyHeld(HeldUnit unit) {
        if (link.isStopped()) {
            return DelayController.Applied.NOT_APPLIED;
        }
        int failedBefore = heldFailures.size();
        masterClient.select(context.streamDb());
        for (RespCommand command : unit.commands()) {
            appendExact(command);
        }
        if (unit.execute()) {
            for (RespCommand command : unit.commands()) {
                apply(command, heldFailures); // a GETACK was answered when the unit arrived
            }
        }
        // As on the direct path: once a failure breaks the link, nothing after it is applied.
        return heldFailures.size() > failedBefore
                && context.config().propagationErrorBehavior() != PropagationErrorBehavior.IGNORE
                ? DelayController.Applied.STOP_AFTER : DelayController.Applied.CONTINUE;
    }

    @Override
    public void afterApply() {
        keyspace.dispatchChangeEvents();
        stream.wakeSenders();
        List<String[]> failures;
        long offset;
        ReentrantReadWriteLock.WriteLock lock = keyspace.lock().writeLock();
        lock.lock();
        try {
            if (heldFailures.isEmpty()) {
                return;
            }
            failures = new ArrayList<>(heldFailures);
            heldFailures.clear();
            offset = stream.offset();
            if (context.config().propagationErrorBehavior() != PropagationErrorBehavior.IGNORE) {
                context.delay().discard("a delayed unit failed to apply, so the data set may differ from the master's");
            }
        } finally {
            lock.unlock();
        }
        propagationFailed(link.currentConnection(), failures, offset, true);
    }

    @Override
    public void detach(String reason) {
        link.detach(reason);
    }

    /**
     * Counts, reports and acts on the failed commands of a unit just applied; returns whether
     * the link was broken (resync, panic).
     */
    private boolean propagationFailed(MasterConnection connection, List<String[]> failures, long offset,
            boolean delayed) {
        PropagationErrorBehavior behavior = context.config().propagationErrorBehavior();
        for (String[] failure : failures) {
            context.countPropagationError();
            context.events().emit(new ReplicationEvent.ApplyFailed(link.masterName(), failure[0], failure[1], offset,
                    behavior));
        }
        String[] first = failures.get(0);
        String reason = "the master's command '" + first[0] + "' failed on this replica: " + first[1];
        switch (behavior) {
            case IGNORE -> {
                for (String[] failure : failures) {
                    if (reportedErrors.add(failure[0])) {
                        log.warn("== CRITICAL == This replica is sending an error to its master: '{}' after processing "
                                + "the command '{}' (logged once per command name)", failure[1], failure[0]);
                    }
                }
                return false;
            }
            case RESYNC -> {
                log.warn("{} (at offset {}{}). Its data set may differ from the master's: breaking the link for a full "
                        + "resync (propagation-error-behavior resync).", reason, offset, delayed ? ", delayed" : "");
                link.diverged(connection, reason, false);
                return true;
            }
            default -> {
                log.error("{} (at offset {}{}). Stopping replication (propagation-error-behavior {}): the data set "
                        + "stays as it is, the link stays down until REPLICAOF; the next sync is a full one.", reason,
                        offset, delayed ? ", delayed" : "", behavior.configName());
                link.diverged(connection, reason, true);
                return true;
            }
        }
    }

    /** Appends the command's exact wire bytes to this node's backlog (advancing its offset). */
    private void appendExact(RespCommand command) {
        long wire = command.wireLength();
        if (command.isEmpty()) {
            byte[] bytes = emptyForm(wire);
            if (bytes == null) {
                throw new StreamApplier.StreamDesyncException("an empty request of " + wire
                        + " bytes cannot be forwarded byte-exact");
            }
            stream.forwardRaw(bytes);
            return;
        }
        int canonical = stream.forward(command.argv(), wire);
        if (canonical != wire) {
            throw new StreamApplier.StreamDesyncException("master sent " + command.name()
                    + " in a non-canonical encoding (" + wire + " bytes on the wire, " + canonical + " re-encoded)");
        }
    }

    /** Throws the desync {@link #appendExact} would, without appending. */
    private static void checkForwardable(RespCommand command) {
        long wire = command.wireLength();
        if (command.isEmpty()) {
            if (emptyForm(wire) == null) {
                throw new StreamApplier.StreamDesyncException("an empty request of " + wire
                        + " bytes cannot be forwarded byte-exact");
            }
            return;
        }
        long canonical = 3 + decimalLength(command.argc());
        for (byte[] arg : command.argv()) {
            canonical += 5 + decimalLength(arg.length) + arg.length;
        }
        if (canonical != wire) {
            throw new StreamApplier.StreamDesyncException("master sent " + command.name()
                    + " in a non-canonical encoding (" + wire + " bytes on the wire, " + canonical + " re-encoded)");
        }
    }

    private static int decimalLength(long n) {
        return Long.toString(n).length();
    }

    private static byte[] emptyForm(long wireLength) {
        return switch ((int) Math.min(wireLength, 16)) {
            case 1 -> new byte[] {'\n'};
            case 2 -> new byte[] {'\r', '\n'};
            case 4 -> new byte[] {'*', '0', '\r', '\n'};
            case 5 -> new byte[] {'*', '-', '1', '\r', '\n'};
            default -> null;
        };
    }

    private static boolean isGetack(RespCommand command) {
        return !command.isEmpty() && command.name().equals("replconf") && command.argc() >= 2
                && Args.is(command.arg(1), "getack");
    }

    /** The db after {@code command} in the received stream (for PENDING's db column). */
    private int selectedDb(RespCommand command, int db) {
        if (!command.isEmpty() && command.name().equals("select") && command.argc() == 2) {
            Long parsed = Args.parseLongStrict(command.arg(1));
            if (parsed != null && parsed >= 0 && parsed < keyspace.databaseCount()) {
                return (int) (long) parsed;
            }
        }
        return db;
    }

    /** Runs one command of the stream; returns whether it was {@code REPLCONF GETACK}. */
    private boolean apply(RespCommand command, List<String[]> failures) {
        if (command.isEmpty()) {
            return false;
        }
        String name = command.name();
        switch (name) {
            case "multi", "exec", "ping" -> {
                return false;
            }
            case "select" -> {
                select(command, failures);
                return false;
            }
            case "replconf" -> {
                return command.argc() >= 2 && Args.is(command.arg(1), "getack");
            }
            default -> {
                CommandResult result = keyspace.execute(masterClient, command.argv());
                if (result.isError()) {
                    failures.add(new String[] {name,
                            ((dev.tandem.core.reply.Reply.ErrorReply) result.reply()).text()});
                }
                return false;
            }
        }
    }

    private void select(RespCommand command, List<String[]> failures) {
        Long db = command.argc() == 2 ? Args.parseLongStrict(command.arg(1)) : null;
        if (db == null || db < 0 || db >= keyspace.databaseCount()) {
            failures.add(new String[] {"select",
                    db == null ? "ERR value is not an integer or out of range" : "ERR DB index is out of range"});
            return;
        }
        masterClient.select((int) (long) db);
        context.streamDb((int) (long) db);
    }
}
