/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.value.StreamConsumerGroup;
import dev.tandem.core.value.StreamPendingEntry;

/**
 * The commands consumer-group changes propagate as in Redis 7.0, instead of the command that
 * made them (XREADGROUP, XCLAIM, XAUTOCLAIM): idempotent forms that carry the exact state, so
 * a replica's PEL, delivery times and counts, and group IDs equal the master's.
 */
final class StreamPropagation {
    private StreamPropagation() {
    }

    /**
     * streamPropagateXCLAIM: {@code XCLAIM key group consumer 0 id TIME t RETRYCOUNT n FORCE
     * JUSTID LASTID group-last-id}; {@code idArg} as the caller has it (XCLAIM's own argument
     * verbatim, otherwise the formatted ID).
     */
    static void xclaim(ExecutionContext ctx, byte[] key, byte[] group, StreamConsumerGroup g, byte[] idArg,
                       StreamPendingEntry nack) {
        ctx.propagate(Args.bytes("XCLAIM"), key, group, nack.consumer().name().bytes(), Args.bytes("0"), idArg,
                Args.bytes("TIME"), Args.bytes(nack.deliveryTime()), Args.bytes("RETRYCOUNT"),
                Args.bytes(nack.deliveryCount()), Args.bytes("FORCE"), Args.bytes("JUSTID"), Args.bytes("LASTID"),
                g.lastDeliveredId().toBytes());
    }

    /** streamPropagateGroupID: {@code XGROUP SETID key group last-id ENTRIESREAD n}. */
    static void groupId(ExecutionContext ctx, byte[] key, byte[] group, StreamConsumerGroup g) {
        ctx.propagate(Args.bytes("XGROUP"), Args.bytes("SETID"), key, group, g.lastDeliveredId().toBytes(),
                Args.bytes("ENTRIESREAD"), Args.bytes(g.entriesRead()));
    }

    /** streamPropagateConsumerCreation: {@code XGROUP CREATECONSUMER key group consumer}. */
    static void consumerCreation(ExecutionContext ctx, byte[] key, byte[] group, byte[] consumer) {
        ctx.propagate(Args.bytes("XGROUP"), Args.bytes("CREATECONSUMER"), key, group, consumer);
    }
}
