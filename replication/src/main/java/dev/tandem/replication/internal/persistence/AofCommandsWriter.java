/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import dev.tandem.core.Key;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.ScoreFormat;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.StreamConsumer;
import dev.tandem.core.value.StreamConsumerGroup;
import dev.tandem.core.value.StreamEntry;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamPendingEntry;
import dev.tandem.core.value.StreamValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.core.value.ZSetValue;
import dev.tandem.core.value.ZSkipList;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An AOF base written as commands ({@code aof-use-rdb-preamble no}), the form of Redis's
 * {@code rewriteAppendOnlyFileRio}: a {@code #TS:} annotation first with
 * {@code aof-timestamp-enabled}, a {@code SELECT} for each db, then per key {@code SET},
 * {@code RPUSH}, {@code SADD}, {@code ZADD}, {@code HMSET} in batches of at most
 * {@link #ITEMS_PER_CMD} items, a stream as {@code XADD}s (the {@code XADD MAXLEN 0} trick for an
 * empty one), {@code XSETID ... ENTRIESADDED ... MAXDELETEDID ...}, its groups
 * ({@code XGROUP CREATE ... ENTRIESREAD}), consumers ({@code XGROUP CREATECONSUMER}) and pending
 * entries ({@code XCLAIM ... JUSTID FORCE}), and {@code PEXPIREAT} after a key with a TTL.
 *
 * <p>Entries arrive under the keyspace lock (the snapshot's sink); bytes are handed on in chunks
 * of about {@code CHUNK} bytes, as the RDB writer's, for the saving thread to write.
 */
final class AofCommandsWriter {

    /** Redis's {@code AOF_REWRITE_ITEMS_PER_CMD}. */
    static final int ITEMS_PER_CMD = 64;
    private static final int CHUNK = 64 * 1024;

    private final ByteBufAllocator allocator;
    private final Consumer<ByteBuf> out;
    private ByteBuf buf;
    private int selectedDb = -1;
    private long keys;
    private long bytes;

    AofCommandsWriter(ByteBufAllocator allocator, Consumer<ByteBuf> out) {
        this.allocator = allocator;
        this.out = out;
        this.buf = allocator.buffer(CHUNK);
    }

    long keysWritten() {
        return keys;
    }

    long bytesWritten() {
        return bytes + (buf == null ? 0 : buf.readableBytes());
    }

    /** Redis records the time at the start of a rewrite ({@code genAofTimestampAnnotationIfNeeded(1)}). */
    void timestamp(long unixSeconds) {
        ascii("#TS:" + unixSeconds + "\r\n");
    }

    void entry(int db, Key key, RedisValue value, long expireAtMillis) {
        if (db != selectedDb) {
            // Side-saved entries may come out of db order: select whenever the db changes.
            header(2);
            bulk("SELECT");
            bulk(Integer.toString(db));
            selectedDb = db;
        }
        byte[] k = key.bytes();
        if (value instanceof StringValue s) {
            header(3);
            bulk("SET");
            bulk(k);
            bulk(s.bytes());
        } else if (value instanceof ListValue l) {
            batches("RPUSH", k, l.size(), 1, l.iterator(), this::bulk);
        } else if (value instanceof SetValue set) {
            batches("SADD", k, set.size(), 1, set.iterator(), m -> bulk(m.bytes()));
        } else if (value instanceof ZSetValue z) {
            batches("ZADD", k, z.size(), 2, z.iterator(), (ZSkipList.Node n) -> {
                bulk(ScoreFormat.d2string(n.score()));
                bulk(n.member().bytes());
            });
        } else if (value instanceof HashValue h) {
            batches("HMSET", k, h.size(), 2, h.iterator(), (HashValue.Field f) -> {
                bulk(f.key().bytes());
                bulk(f.value());
            });
        } else if (value instanceof StreamValue st) {
            stream(k, st);
        } else {
            throw new IllegalStateException("no AOF form for a value of type " + value.type());
        }
        if (expireAtMillis >= 0) {
            header(3);
            bulk("PEXPIREAT");
            bulk(k);
            bulk(Long.toString(expireAtMillis));
        }
        keys++;
        maybeEmit();
    }

    /** {@code count} items as commands of at most {@link #ITEMS_PER_CMD} items ({@code width} arguments each). */
    private <T> void batches(String command, byte[] key, long count, int width, Iterator<T> items,
            Consumer<T> writeItem) {
        long left = count;
        int inCommand = 0;
        while (items.hasNext()) {
            if (inCommand == 0) {
                long n = Math.min(left, ITEMS_PER_CMD);
                header(2 + n * width);
                bulk(command);
                bulk(key);
            }
            writeItem.accept(items.next());
            left--;
            if (++inCommand == ITEMS_PER_CMD) {
                inCommand = 0;
                maybeEmit();
            }
        }
    }

    private void stream(byte[] key, StreamValue s) {
        if (s.length() > 0) {
            for (Map.Entry<StreamId, StreamEntry> e : s.entries().entrySet()) {
                StreamEntry entry = e.getValue();
                header(3 + 2L * entry.fieldCount());
                bulk("XADD");
                bulk(key);
                bulk(e.getKey().toString());
                for (int i = 0; i < entry.fieldCount(); i++) {
                    bulk(entry.field(i));
                    bulk(entry.value(i));
                }
                maybeEmit();
            }
        } else {
            // Redis's trick for an empty stream: an entry added and trimmed at once.
            header(7);
            bulk("XADD");
            bulk(key);
            bulk("MAXLEN");
            bulk("0");
            bulk("0-1");
            bulk("x");
            bulk("y");
        }
        header(7);
        bulk("XSETID");
        bulk(key);
        bulk(s.lastId().toString());
        bulk("ENTRIESADDED");
        bulk(Long.toString(s.entriesAdded()));
        bulk("MAXDELETEDID");
        bulk(s.maxDeletedEntryId().toString());
        for (StreamConsumerGroup g : s.groups().values()) {
            header(7);
            bulk("XGROUP");
            bulk("CREATE");
            bulk(key);
            bulk(g.name().bytes());
            bulk(g.lastDeliveredId().toString());
            bulk("ENTRIESREAD");
            bulk(Long.toString(g.entriesRead()));
            for (StreamConsumer c : g.consumers().values()) {
                if (c.pending().isEmpty()) {
                    header(5);
                    bulk("XGROUP");
                    bulk("CREATECONSUMER");
                    bulk(key);
                    bulk(g.name().bytes());
                    bulk(c.name().bytes());
                    continue;
                }
                for (StreamPendingEntry p : c.pending().values()) {
                    header(12);
                    bulk("XCLAIM");
                    bulk(key);
                    bulk(g.name().bytes());
                    bulk(c.name().bytes());
                    bulk("0");
                    bulk(p.id().toString());
                    bulk("TIME");
                    bulk(Long.toString(p.deliveryTime()));
                    bulk("RETRYCOUNT");
                    bulk(Long.toString(p.deliveryCount()));
                    bulk("JUSTID");
                    bulk("FORCE");
                }
                maybeEmit();
            }
        }
    }

    /** The last chunk. */
    void end() {
        if (buf != null && buf.isReadable()) {
            bytes += buf.readableBytes();
            out.accept(buf);
        } else if (buf != null) {
            buf.release();
        }
        buf = null;
    }

    /** Releases what was not handed on (an aborted snapshot). */
    void discard() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }

    private void maybeEmit() {
        if (buf.readableBytes() >= CHUNK) {
            bytes += buf.readableBytes();
            out.accept(buf);
            buf = allocator.buffer(CHUNK);
        }
    }

    private void header(long n) {
        ascii("*" + n + "\r\n");
    }

    private void bulk(String s) {
        bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    private void bulk(byte[] b) {
        ascii("$" + b.length + "\r\n");
        buf.writeBytes(b);
        buf.writeByte('\r').writeByte('\n');
    }

    private void ascii(String s) {
        buf.writeCharSequence(s, StandardCharsets.US_ASCII);
    }
}
