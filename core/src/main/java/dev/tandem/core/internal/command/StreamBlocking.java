/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.BlockedClient;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.StreamConsumerGroup;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamValue;
import dev.tandem.core.value.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where stream reads meet the generic blocking facility ({@link dev.tandem.core.internal.BlockingKeys}):
 * an XREAD or XREADGROUP with BLOCK that found nothing blocks its client on the stream keys, and
 * is served as blocked.c's {@code serveClientsBlockedOnStreamKey} serves it — from the one key
 * that became ready, with a one-key reply, by re-running the command's non-blocking form for
 * that key (so a served XREADGROUP delivers, adds to the PEL and propagates its XCLAIMs and
 * XGROUP SETID exactly as an immediate one does).
 */
final class StreamBlocking {
    private static final byte[] XREAD = bytes("XREAD");
    private static final byte[] XREADGROUP = bytes("XREADGROUP");
    private static final byte[] GROUP = bytes("GROUP");
    private static final byte[] COUNT = bytes("COUNT");
    private static final byte[] NOACK = bytes("NOACK");
    private static final byte[] STREAMS = bytes("STREAMS");
    private static final byte[] NEW_ENTRIES = bytes(">");

    private StreamBlocking() {
    }

    /**
     * XREAD/XREADGROUP BLOCK found nothing to serve: blocks the client on the request's keys
     * (registered when the unit ends). The returned reply is never sent.
     */
    static Reply block(ExecutionContext ctx, StreamBlockingRequest request) {
        // The IDs as resolved at block time ($ already is the stream's last ID); > is re-read
        // from the group whenever the key is ready, since other consumers move it.
        Map<Key, StreamId> after = new HashMap<>();
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < request.keys().size(); i++) {
            Key key = request.keys().get(i);
            if (after.putIfAbsent(key, request.ids().get(i)) == null) {
                keys.add(key);
            }
        }
        BlockedClient blocked = new BlockedClient(ctx.client(), keys, ValueType.STREAM, request.timeoutMillis(),
                ctx.argv(), (c, key) -> serve(c, key, request, after.get(key)), Reply.NULL_ARRAY);
        if (request.group() != null) {
            // blocked.c's unblockDeletedStreamReadgroupClients: a group cannot outlive its key.
            blocked.onStreamGone(Reply.error("UNBLOCKED the stream key no longer exists"));
        }
        ctx.block(blocked);
        return Reply.NULL_ARRAY;
    }

    /** Serves a blocked client from {@code key}; null while the stream has nothing past its ID. */
    private static Reply serve(ExecutionContext ctx, Key key, StreamBlockingRequest request, StreamId blockedAfter) {
        StreamValue s = StreamCommands.stream(ctx.lookupWrite(key));
        if (s == null) {
            return null;
        }
        StreamId gt = blockedAfter;
        if (request.group() != null) {
            StreamConsumerGroup g = s.group(Key.of(request.group()));
            if (g == null) {
                return Reply.error("NOGROUP the consumer group this client was blocked on no longer exists");
            }
            gt = g.lastDeliveredId();
        }
        if (s.lastId().compareTo(gt) <= 0) {
            return null;
        }
        byte[] count = Long.toString(request.count()).getBytes(StandardCharsets.US_ASCII);
        byte[][] argv;
        if (request.group() == null) {
            argv = new byte[][] {XREAD, COUNT, count, STREAMS, key.bytes(), bytes(gt.toString())};
        } else if (request.noAck()) {
            argv = new byte[][] {XREADGROUP, GROUP, request.group(), request.consumer(), COUNT, count, NOACK,
                    STREAMS, key.bytes(), NEW_ENTRIES};
        } else {
            argv = new byte[][] {XREADGROUP, GROUP, request.group(), request.consumer(), COUNT, count,
                    STREAMS, key.bytes(), NEW_ENTRIES};
        }
        Reply reply = StreamReadCommands.xread(ctx, argv, request.group() != null);
        // The last ID moved past the client's without a live entry after it (XDEL'd): keep waiting.
        return reply == Reply.NULL_ARRAY ? null : reply;
    }

    /**
     * A write made {@code key} ready for clients blocked on it beyond what adding a key already
     * signals (t_stream.c's signalKeyAsReady after XADD to an existing stream and XGROUP DESTROY).
     */
    static void keyReady(ExecutionContext ctx, Key key) {
        ctx.keyspace().blocking().signal(ctx.client().db(), key, ValueType.STREAM);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
