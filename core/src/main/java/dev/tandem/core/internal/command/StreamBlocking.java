/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;

/**
 * Where stream reads meet blocking. Tandem's generic blocking facility (BLPOP and the rest) is
 * built separately; until stream reads are wired to it, a read that would block answers a clear
 * error instead of waiting. The two methods here are the only places to change.
 */
final class StreamBlocking {
    static final String NOT_SUPPORTED = "ERR XREAD BLOCK is not supported yet";

    private StreamBlocking() {
    }

    /**
     * XREAD/XREADGROUP BLOCK found nothing to serve: Redis blocks the client. Not wired yet:
     * replies {@value #NOT_SUPPORTED} (never a hang).
     */
    static Reply block(ExecutionContext ctx, StreamBlockingRequest request) {
        throw new RedisError(NOT_SUPPORTED);
    }

    /**
     * A write made {@code key} ready for clients blocked on it (t_stream.c's
     * signalKeyAsReady after XADD and XGROUP DESTROY). Nothing blocks on streams yet, so there
     * is nobody to wake; the blocking facility hooks in here (or in its own key-ready signal).
     */
    static void keyReady(ExecutionContext ctx, Key key) {
        // Intentionally empty until stream reads block: see the class comment.
    }
}
