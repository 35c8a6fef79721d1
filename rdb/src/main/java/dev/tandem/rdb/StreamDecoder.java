/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import dev.tandem.rdb.internal.codec.ListpackCursor;
import dev.tandem.rdb.internal.codec.MalformedDataException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams: STREAM_LISTPACKS (15, Redis 5.0–6.2), _2 (19, 7.0) and _3 (21, 7.2+), as an
 * explicit state machine with one unit per listpack node, per PEL entry and per consumer
 * PEL id, so neither a large stream nor a large PEL is ever one unit.
 *
 * <pre>
 * NODE_COUNT → NODE* → METADATA → GROUP_COUNT → (GROUP → PEL_ENTRY* → CONSUMER_COUNT
 *                                                 → (CONSUMER → CONSUMER_PEL_ID*)*)*
 * </pre>
 *
 * <p>Each node is a 16-byte big-endian master ID and a listpack:
 * {@code count, deleted, n_master_fields, master fields…, 0}, then per entry
 * {@code flags, ms_diff, seq_diff, [values… | n_fields, field, value…], lp_count}
 * (flag 1 = deleted, 2 = same fields as the master entry). Validation: node key size,
 * non-empty node, integer fields, {@code lp_count}, entry and deleted counts, strictly
 * ascending IDs, a stream with length but no nodes, duplicate PEL entries, and consumer PEL
 * ids that are not in the group PEL or appear twice — the checks Redis's loader makes.
 */
final class StreamDecoder implements ValueDecoder {
    private static final int FLAG_DELETED = 1;
    private static final int FLAG_SAME_FIELDS = 2;
    private static final int STREAM_ID_SIZE = 16;
    private static final int ENTRY_OVERHEAD = 32;

    private enum Phase {
        NODE_COUNT, NODE, METADATA, GROUP_COUNT, GROUP, PEL_ENTRY, CONSUMER_COUNT, CONSUMER, CONSUMER_PEL_ID
    }

    private final ReaderContext ctx;
    private final RdbKey key;
    private final int type;
    private final Batcher<StreamEntry> entries;
    private final Batcher<StreamPendingEntry> pending;
    private final Batcher<RdbStreamId> consumerPending;

    private Phase phase = Phase.NODE_COUNT;
    private long nodeCount;
    private long nodesRemaining;
    private RdbStreamId previousId;
    private RdbStreamId firstLiveId;
    private long groupsRemaining;
    private StreamGroupInfo group;
    private long pelRemaining;
    /** The current group's PEL: id → whether a consumer already claimed it. */
    private Map<RdbStreamId, Boolean> groupPel;
    private long consumersRemaining;
    private StreamConsumerInfo consumer;
    private long consumerPelRemaining;

    StreamDecoder(ReaderContext ctx, RdbKey key) {
        this.ctx = ctx;
        this.key = key;
        this.type = key.rdbType();
        RdbVisitor v = ctx.visitor;
        this.entries = new Batcher<>(ctx.config, b -> v.onStreamEntries(key, b));
        this.pending = new Batcher<>(ctx.config, b -> v.onStreamPending(key, group, b));
        this.consumerPending = new Batcher<>(ctx.config, b -> v.onStreamConsumerPending(key, group, consumer, b));
    }

    @Override
    public boolean step() {
        RdbInput in = ctx.input;
        switch (phase) {
            case NODE_COUNT -> {
                long n = in.count("stream node count");
                ctx.emitter.begin();
                nodeCount = n;
                nodesRemaining = n;
                phase = n > 0 ? Phase.NODE : Phase.METADATA;
            }
            case NODE -> {
                long keyAt = in.offset();
                byte[] nodeKey = in.string();
                long lpAt = in.offset();
                byte[] listpack = in.string();
                long lpDataAt = in.lastStringDataOffset();
                if (nodeKey.length != STREAM_ID_SIZE) {
                    throw ReaderContext.corrupt(key, "stream node key of " + nodeKey.length
                            + " bytes (must be 16)", keyAt);
                }
                try {
                    decodeNode(streamId(nodeKey, 0), listpack);
                } catch (MalformedDataException e) {
                    throw ReaderContext.corrupt(key, "stream listpack", e, lpDataAt, lpAt);
                }
                if (--nodesRemaining == 0) {
                    phase = Phase.METADATA;
                }
            }
            case METADATA -> readMetadata(in);
            case GROUP_COUNT -> {
                long n = in.count("stream consumer group count");
                groupsRemaining = n;
                if (n == 0) {
                    return finish();
                }
                phase = Phase.GROUP;
            }
            case GROUP -> {
                byte[] name = in.string();
                long lastMs = in.length();
                long lastSeq = in.length();
                long entriesRead = type >= RdbTypes.STREAM_LISTPACKS_2 ? in.length() : -1;
                long pelCount = in.count("group PEL size");
                group = new StreamGroupInfo(name, new RdbStreamId(lastMs, lastSeq), entriesRead, pelCount);
                groupPel = new HashMap<>();
                ctx.visitor.onStreamGroup(key, group);
                pelRemaining = pelCount;
                phase = pelCount > 0 ? Phase.PEL_ENTRY : Phase.CONSUMER_COUNT;
            }
            case PEL_ENTRY -> {
                long at = in.offset();
                RdbStreamId id = rawId(in);
                long deliveryTime = in.le(8);
                long deliveryCount = in.length();
                if (groupPel.put(id, Boolean.FALSE) != null) {
                    throw ReaderContext.corrupt(key, "duplicate PEL entry " + id + " in group "
                            + Printable.of(group.name()), at);
                }
                pending.add(new StreamPendingEntry(id, deliveryTime, deliveryCount), ENTRY_OVERHEAD);
                if (--pelRemaining == 0) {
                    pending.flush();
                    phase = Phase.CONSUMER_COUNT;
                }
            }
            case CONSUMER_COUNT -> {
                long n = in.count("consumer count");
                consumersRemaining = n;
                if (n == 0) {
                    return endGroup();
                }
                phase = Phase.CONSUMER;
            }
            case CONSUMER -> {
                byte[] name = in.string();
                long seen = in.le(8);
                long active = type >= RdbTypes.STREAM_LISTPACKS_3 ? in.le(8) : seen;
                long pelCount = in.count("consumer PEL size");
                consumer = new StreamConsumerInfo(name, seen, active, pelCount);
                ctx.visitor.onStreamConsumer(key, group, consumer);
                consumerPelRemaining = pelCount;
                if (pelCount > 0) {
                    phase = Phase.CONSUMER_PEL_ID;
                } else {
                    return endConsumer();
                }
            }
            case CONSUMER_PEL_ID -> {
                long at = in.offset();
                RdbStreamId id = rawId(in);
                Boolean claimed = groupPel.get(id);
                if (claimed == null) {
                    throw ReaderContext.corrupt(key, "consumer " + Printable.of(consumer.name()) + " owns " + id
                            + " which is not in the PEL of group " + Printable.of(group.name()), at);
                }
                if (claimed) {
                    throw ReaderContext.corrupt(key, "PEL entry " + id + " claimed twice in group "
                            + Printable.of(group.name()), at);
                }
                groupPel.put(id, Boolean.TRUE);
                consumerPending.add(id, ENTRY_OVERHEAD);
                if (--consumerPelRemaining == 0) {
                    consumerPending.flush();
                    return endConsumer();
                }
            }
            default -> throw new IllegalStateException(phase.name());
        }
        return false;
    }

    private void readMetadata(RdbInput in) {
        long at = in.offset();
        long length = in.count("stream length");
        RdbStreamId lastId = new RdbStreamId(in.length(), in.length());
        StreamMetadata meta;
        if (type >= RdbTypes.STREAM_LISTPACKS_2) {
            RdbStreamId firstId = new RdbStreamId(in.length(), in.length());
            RdbStreamId maxDeleted = new RdbStreamId(in.length(), in.length());
            long entriesAdded = in.length();
            meta = new StreamMetadata(length, lastId, firstId, maxDeleted, entriesAdded);
        } else {
            // What Redis 7.0 fills in when loading a 5.0–6.2 stream.
            meta = new StreamMetadata(length, lastId, firstLiveId == null ? RdbStreamId.ZERO : firstLiveId,
                    RdbStreamId.ZERO, length);
        }
        if (length > 0 && nodeCount == 0) {
            throw ReaderContext.corrupt(key, "stream length " + length + " but no listpack nodes", at);
        }
        entries.flush();
        ctx.visitor.onStreamMetadata(key, meta);
        phase = Phase.GROUP_COUNT;
    }

    private boolean endConsumer() {
        if (--consumersRemaining == 0) {
            return endGroup();
        }
        phase = Phase.CONSUMER;
        return false;
    }

    private boolean endGroup() {
        groupPel = null;
        if (--groupsRemaining == 0) {
            return finish();
        }
        phase = Phase.GROUP;
        return false;
    }

    private boolean finish() {
        ctx.emitter.finish();
        return true;
    }

    private void decodeNode(RdbStreamId master, byte[] lp) {
        ListpackCursor c = new ListpackCursor(lp);
        if (c.declaredCount() == 0) {
            throw new MalformedDataException("empty listpack inside stream", 0);
        }
        long count = c.nextInteger("master entry count");
        long deleted = c.nextInteger("master deleted count");
        long masterFieldCount = c.nextInteger("master field count");
        if (count < 0 || deleted < 0 || masterFieldCount < 0 || count + deleted <= 0) {
            throw new MalformedDataException("invalid stream node counts (" + count + " live, " + deleted
                    + " deleted, " + masterFieldCount + " fields)", 0);
        }
        List<byte[]> masterFields = new ArrayList<>();
        for (long i = 0; i < masterFieldCount; i++) {
            masterFields.add(c.nextBytes("master field"));
        }
        if (c.nextInteger("master entry terminator") != 0) {
            throw new MalformedDataException("stream master entry does not end with 0", c.entryPosition());
        }
        long seenDeleted = 0;
        for (long e = 0; e < count + deleted; e++) {
            long flags = c.nextInteger("entry flags");
            int entryPos = c.entryPosition();
            long msDiff = c.nextInteger("entry ms delta");
            long seqDiff = c.nextInteger("entry seq delta");
            RdbStreamId id = new RdbStreamId(master.ms() + msDiff, master.seq() + seqDiff);
            List<byte[]> fieldsAndValues = new ArrayList<>();
            long expectedLpCount;
            long size = ENTRY_OVERHEAD;
            if ((flags & FLAG_SAME_FIELDS) != 0) {
                for (byte[] field : masterFields) {
                    byte[] value = c.nextBytes("entry value");
                    fieldsAndValues.add(field);
                    fieldsAndValues.add(value);
                    size += field.length + value.length;
                }
                expectedLpCount = 3 + masterFieldCount;
            } else {
                long fieldCount = c.nextInteger("entry field count");
                if (fieldCount < 0) {
                    throw new MalformedDataException("negative stream entry field count", entryPos);
                }
                for (long i = 0; i < fieldCount; i++) {
                    byte[] field = c.nextBytes("entry field");
                    byte[] value = c.nextBytes("entry value");
                    fieldsAndValues.add(field);
                    fieldsAndValues.add(value);
                    size += field.length + value.length;
                }
                expectedLpCount = 3 + 2 * fieldCount + 1;
            }
            long lpCount = c.nextInteger("entry lp-count");
            if (lpCount != expectedLpCount) {
                throw new MalformedDataException("stream entry lp-count " + lpCount + ", expected "
                        + expectedLpCount, c.entryPosition());
            }
            if (previousId != null && id.compareTo(previousId) <= 0) {
                throw new MalformedDataException("stream entry ID " + id + " does not follow " + previousId, entryPos);
            }
            previousId = id;
            boolean isDeleted = (flags & FLAG_DELETED) != 0;
            if (isDeleted) {
                seenDeleted++;
            } else if (firstLiveId == null) {
                firstLiveId = id;
            }
            entries.add(new StreamEntry(id, isDeleted, fieldsAndValues), size);
        }
        if (seenDeleted != deleted) {
            throw new MalformedDataException("stream node says " + deleted + " deleted entries but flags "
                    + seenDeleted, 0);
        }
        if (c.next()) {
            throw new MalformedDataException("extra data after the last stream entry", c.entryPosition());
        }
    }

    private static RdbStreamId rawId(RdbInput in) {
        long ms = in.be64();
        long seq = in.be64();
        return new RdbStreamId(ms, seq);
    }

    private static RdbStreamId streamId(byte[] b, int off) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (b[off + i] & 0xFFL);
            seq = (seq << 8) | (b[off + 8 + i] & 0xFFL);
        }
        return new RdbStreamId(ms, seq);
    }
}
