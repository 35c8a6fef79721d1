/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static dev.tandem.replication.internal.server.ServerCommand.Flag.STALE;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.Args;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.DelayedReplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code REPLDELAY}, Tandem's own: the operator's controls of a delayed replica
 * ({@code replica-delay}; {@link DelayedReplication} is the same in Java).
 *
 * <pre>
 * REPLDELAY STATUS
 * REPLDELAY PAUSE | RESUME
 * REPLDELAY PENDING [COUNT n] [FROM offset]
 * REPLDELAY APPLY-UNTIL offset | APPLY-UNTIL TIME unix-ms
 * REPLDELAY SKIP offset
 * </pre>
 * Errors are Redis's where Redis has the case (arity, integers, syntax), else {@code ERR} with
 * what was wrong.
 */
final class ReplDelayCommand {

    /** PENDING's default COUNT. */
    static final int DEFAULT_COUNT = 10;
    /** PENDING lists at most this many units at once (a reply, not a dump). */
    static final int MAX_COUNT = 10_000;

    private final RespServer server;
    private final Subcommands subcommands;

    private ReplDelayCommand(RespServer server) {
        this.server = server;
        this.subcommands = new Subcommands("repldelay", Set.of())
                .add("status", 2, this::status)
                .add("pause", 2, this::pause)
                .add("resume", 2, this::resume)
                .add("pending", -2, this::pending)
                .add("apply-until", -3, this::applyUntil)
                .add("skip", 3, this::skip)
                .add("help", 2, (c, a, t) -> help());
    }

    static ServerCommand command(RespServer server) {
        ReplDelayCommand c = new ReplDelayCommand(server);
        return ServerCommand.of("repldelay", -2, c::execute, STALE);
    }

    private Reply execute(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (server.replication().delayedReplication() == null) {
            return Reply.error("ERR REPLDELAY is not available: this node runs without a replication layer");
        }
        try {
            return subcommands.execute(client, argv, inTransaction);
        } catch (IllegalArgumentException e) {
            return Reply.error("ERR " + e.getMessage());
        }
    }

    private DelayedReplication delay() {
        return server.replication().delayedReplication();
    }

    private Reply status(ClientConnection client, byte[][] argv, boolean inTransaction) {
        DelayedReplication.Status s = delay().status();
        List<Reply> out = new ArrayList<>();
        field(out, "delay-ms", Reply.integer(s.delay().toMillis()));
        field(out, "paused", Reply.integer(s.paused() ? 1 : 0));
        field(out, "applied-offset", Reply.integer(s.appliedOffset()));
        field(out, "received-offset", Reply.integer(s.receivedOffset()));
        field(out, "pending-units", Reply.integer(s.pendingUnits()));
        field(out, "pending-bytes", Reply.integer(s.pendingBytes()));
        field(out, "spilled-bytes", Reply.integer(s.spilledBytes()));
        field(out, "oldest-pending-age-ms", Reply.integer(s.oldestPendingAge().toMillis()));
        field(out, "detached", Reply.integer(s.detached() ? 1 : 0));
        return Reply.array(out);
    }

    private static void field(List<Reply> out, String name, Reply value) {
        out.add(Reply.bulk(name));
        out.add(value);
    }

    private Reply pause(ClientConnection client, byte[][] argv, boolean inTransaction) {
        delay().pause();
        return Reply.OK;
    }

    private Reply resume(ClientConnection client, byte[][] argv, boolean inTransaction) {
        delay().resume();
        return Reply.OK;
    }

    private Reply pending(ClientConnection client, byte[][] argv, boolean inTransaction) {
        long count = DEFAULT_COUNT;
        long from = 0;
        for (int i = 2; i < argv.length; i++) {
            if (Args.is(argv[i], "count") && i + 1 < argv.length) {
                count = Args.parseLong(argv[++i]);
                if (count <= 0 || count > MAX_COUNT) {
                    return Reply.error("ERR COUNT must be between 1 and " + MAX_COUNT);
                }
            } else if (Args.is(argv[i], "from") && i + 1 < argv.length) {
                from = Args.parseLong(argv[++i]);
                if (from < 0) {
                    return Reply.error("ERR FROM must be a replication offset (not negative)");
                }
            } else {
                throw RedisError.syntax();
            }
        }
        List<Reply> units = new ArrayList<>();
        for (DelayedReplication.PendingUnit unit : delay().pending((int) count, from)) {
            List<Reply> commands = new ArrayList<>();
            for (List<String> command : unit.commands()) {
                List<Reply> args = new ArrayList<>(command.size());
                for (String arg : command) {
                    args.add(Reply.bulk(arg));
                }
                commands.add(Reply.array(args));
            }
            // One command: [cmd, arg, ...]; a MULTI/EXEC unit: one such array per command.
            Reply shown = commands.size() == 1 ? commands.get(0) : Reply.array(commands);
            units.add(Reply.array(List.of(Reply.integer(unit.startOffset()), Reply.integer(unit.receivedAtUnixMillis()),
                    Reply.integer(unit.db()), shown)));
        }
        return Reply.array(units);
    }

    private Reply applyUntil(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (Args.is(argv[2], "time")) {
            if (argv.length != 4) {
                throw RedisError.syntax();
            }
            long unixMillis = Args.parseLong(argv[3]);
            if (unixMillis < 0) {
                return Reply.error("ERR TIME must be a Unix time in milliseconds (not negative)");
            }
            return Reply.integer(delay().applyUntilTime(unixMillis));
        }
        if (argv.length != 3) {
            throw RedisError.syntax();
        }
        return Reply.integer(delay().applyUntil(Args.parseLong(argv[2])));
    }

    private Reply skip(ClientConnection client, byte[][] argv, boolean inTransaction) {
        delay().skip(Args.parseLong(argv[2]));
        return Reply.OK;
    }

    private static Reply help() {
        return Subcommands.help("repldelay", List.of(
                "STATUS",
                "    Delay, paused, applied and received offsets, pending units and bytes, oldest pending age.",
                "PAUSE",
                "    Stop applying the master's stream (it is still received and kept).",
                "RESUME",
                "    Apply again, each unit when its delay has passed.",
                "PENDING [COUNT <n>] [FROM <offset>]",
                "    List pending units, oldest first: [start-offset, receive-unix-ms, db, command].",
                "APPLY-UNTIL <offset> | TIME <unix-ms>",
                "    Apply now every unit starting before <offset> (or received before <unix-ms>), then pause.",
                "SKIP <offset>",
                "    Drop the pending unit starting at <offset>; the replica detaches with a history of its own."));
    }
}
