/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.NotifyFlags;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamValue;
import java.util.Arrays;

/**
 * The stream commands that change entries and stream metadata (t_stream.c): XADD, XDEL, XTRIM,
 * XSETID. XADD propagates the ID it generated, and an approximate trim propagates as the exact
 * trim it amounted to, so a replica ends up with the same entries.
 */
final class StreamWriteCommands {
    static final String ID_TOO_SMALL = "ERR The ID specified in XADD is equal or smaller than the target stream top item";

    private StreamWriteCommands() {
    }

    static void register(CommandTable t) {
        t.register(CommandSpec.write("xadd", -5, 1, 1, 1, StreamWriteCommands::xadd));
        t.register(CommandSpec.write("xdel", -3, 1, 1, 1, StreamWriteCommands::xdel));
        t.register(CommandSpec.write("xtrim", -4, 1, 1, 1, StreamWriteCommands::xtrim));
        t.register(CommandSpec.write("xsetid", -3, 1, 1, 1, StreamWriteCommands::xsetid));
    }

    /** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value ... */
    static Reply xadd(ExecutionContext ctx, byte[][] argv) {
        StreamTrimArgs a = StreamTrimArgs.parse(argv, true, ctx.client().isFromMaster(),
                ctx.keyspace().streamNodeMaxEntries());
        int fieldPos = a.idIndex + 1;
        int fieldArgs = argv.length - fieldPos;
        if (fieldArgs < 2 || fieldArgs % 2 == 1) {
            throw RedisError.wrongArity("xadd");
        }
        if (a.idGiven && a.seqGiven && a.id.isZero()) {
            throw new RedisError("ERR The ID specified in XADD must be greater than 0-0");
        }
        Key key = Key.of(argv[1]);
        StreamValue s = StreamCommands.stream(ctx.lookupWrite(key));
        boolean create = s == null;
        if (create) {
            if (a.noMkStream) {
                return Reply.NULL;
            }
            s = new StreamValue();
        }
        StreamId last = s.lastId();
        if (last.equals(StreamId.MAX)) {
            throw new RedisError("ERR The stream has exhausted the last possible ID, unable to add more items");
        }
        StreamId id = newId(ctx, a, last);
        if (id == null || id.compareTo(last) <= 0) {
            throw new RedisError(ID_TOO_SMALL);
        }
        s.appendEntry(id, Arrays.copyOfRange(argv, fieldPos, argv.length), ctx.keyspace().streamNodeMaxEntries(),
                ctx.keyspace().streamNodeMaxBytes());
        if (create) {
            // Added only now: nothing above can fail for a new stream but a 0-0 ID, which
            // Redis refuses before creating the key.
            ctx.db().add(key, s);
        }
        byte[] idBytes = id.toBytes();
        ctx.touched(key);
        ctx.notify(NotifyFlags.STREAM, "xadd", key);
        byte[][] propagated = argv.clone();
        if (a.strategy != StreamTrimArgs.NONE) {
            if (a.trim(s) > 0) {
                ctx.notify(NotifyFlags.STREAM, "xtrim", key);
            }
            if (a.approx) {
                a.rewriteApprox(propagated, s);
            }
        }
        if (!a.idGiven || !a.seqGiven) {
            propagated[a.idIndex] = idBytes;
        }
        ctx.propagate(propagated);
        // Blocking: an XADD makes the key ready for XREAD/XREADGROUP BLOCK (signalKeyAsReady).
        StreamBlocking.keyReady(ctx, key);
        return Reply.bulk(idBytes);
    }

    /** streamAppendItem's ID: explicit, {@code <ms>-*}, or {@code *} from the clock; null on overflow. */
    private static StreamId newId(ExecutionContext ctx, StreamTrimArgs a, StreamId last) {
        if (a.idGiven) {
            if (a.seqGiven) {
                return a.id;
            }
            if (last.ms() == a.id.ms()) {
                if (last.seq() == -1L) {
                    // streamAppendItem fails here without setting errno, so Redis answers with
                    // its other error text.
                    throw new RedisError("ERR Elements are too large to be stored");
                }
                return new StreamId(last.ms(), last.seq() + 1);
            }
            return a.id;
        }
        long ms = ctx.now();
        if (Long.compareUnsigned(ms, last.ms()) > 0) {
            return new StreamId(ms, 0);
        }
        return last.next();
    }

    /** XDEL key id [id ...]: every ID is checked before any is deleted. */
    static Reply xdel(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        StreamValue s = StreamCommands.stream(ctx.lookupWrite(key));
        if (s == null) {
            return Reply.ZERO;
        }
        StreamId[] ids = new StreamId[argv.length - 2];
        for (int j = 2; j < argv.length; j++) {
            ids[j - 2] = StreamCommands.parseId(argv[j], 0, true);
        }
        long deleted = 0;
        boolean firstEntry = false;
        for (StreamId id : ids) {
            if (s.deleteEntry(id)) {
                if (id.equals(s.firstId())) {
                    firstEntry = true;
                }
                if (id.compareTo(s.maxDeletedEntryId()) > 0) {
                    s.setMaxDeletedEntryId(id);
                }
                deleted++;
            }
        }
        if (deleted > 0) {
            if (s.isEmpty()) {
                s.setFirstId(StreamId.MIN);
            } else if (firstEntry) {
                s.setFirstId(s.firstEntryId());
            }
            ctx.touched(key);
            ctx.notify(NotifyFlags.STREAM, "xdel", key);
            ctx.propagateVerbatim();
        }
        return Reply.integer(deleted);
    }

    /** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]. */
    static Reply xtrim(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        StreamValue s = StreamCommands.stream(ctx.lookupWrite(key));
        if (s == null) {
            return Reply.ZERO;
        }
        StreamTrimArgs a = StreamTrimArgs.parse(argv, false, ctx.client().isFromMaster(),
                ctx.keyspace().streamNodeMaxEntries());
        long deleted = a.trim(s);
        if (deleted > 0) {
            ctx.notify(NotifyFlags.STREAM, "xtrim", key);
            byte[][] propagated = argv.clone();
            if (a.approx) {
                a.rewriteApprox(propagated, s);
            }
            ctx.touched(key);
            ctx.propagate(propagated);
        }
        return Reply.integer(deleted);
    }

    /** XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id]. */
    static Reply xsetid(ExecutionContext ctx, byte[][] argv) {
        StreamId id = StreamCommands.parseId(argv[2], 0, true);
        StreamId maxDeleted = StreamId.MIN;
        long entriesAdded = -1;
        int i = 3;
        while (i < argv.length) {
            int moreArgs = argv.length - 1 - i;
            if (Args.is(argv[i], "ENTRIESADDED") && moreArgs > 0) {
                entriesAdded = Args.parseLong(argv[i + 1]);
                if (entriesAdded < 0) {
                    throw new RedisError("ERR entries_added must be positive");
                }
                i += 2;
            } else if (Args.is(argv[i], "MAXDELETEDID") && moreArgs > 0) {
                maxDeleted = StreamCommands.parseId(argv[i + 1], 0, true);
                if (id.compareTo(maxDeleted) < 0) {
                    throw new RedisError("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
                i += 2;
            } else {
                throw RedisError.syntax();
            }
        }
        Key key = Key.of(argv[1]);
        StreamValue s = StreamCommands.stream(ctx.lookupWrite(key));
        if (s == null) {
            throw new RedisError("ERR no such key");
        }
        if (s.length() > 0) {
            if (id.compareTo(s.lastEntryId()) < 0) {
                throw new RedisError("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && s.length() > entriesAdded) {
                throw new RedisError("ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        s.setLastId(id);
        if (entriesAdded != -1) {
            s.setEntriesAdded(entriesAdded);
        }
        if (!maxDeleted.isZero()) {
            s.setMaxDeletedEntryId(maxDeleted);
        }
        ctx.touched(key);
        ctx.notify(NotifyFlags.STREAM, "xsetid", key);
        ctx.propagateVerbatim();
        return Reply.OK;
    }
}
