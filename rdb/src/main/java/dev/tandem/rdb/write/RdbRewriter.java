/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.core.Key;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.StreamConsumer;
import dev.tandem.core.value.StreamConsumerGroup;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamValue;
import dev.tandem.rdb.DuplicateKeyDetector;
import dev.tandem.rdb.RdbKey;
import dev.tandem.rdb.RdbReader;
import dev.tandem.rdb.RdbReaderConfig;
import dev.tandem.rdb.RdbFunction;
import dev.tandem.rdb.RdbModuleId;
import dev.tandem.rdb.RdbTypes;
import dev.tandem.rdb.RdbWarning;
import dev.tandem.rdb.internal.load.CoreValueAssembler;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an RDB of any version the reader takes into the writer's output (by default
 * version 9 with only the types every Redis from 5.0 on loads), key by key, so memory is
 * bounded by the largest value. What the output cannot carry is not dropped silently: it is
 * listed in the {@link Result#notes()} — hash-field TTLs (7.4), module values and module aux
 * data, function libraries, LRU/LFU hints, stream metadata that type 15 does not store,
 * consumers' active times, cluster slot hints, AUX fields of the source server, empty keys.
 */
public final class RdbRewriter {
    /** AUX fields the writer writes itself (with fresh values). */
    private static final Set<String> REGENERATED_AUX = Set.of("redis-ver", "redis-bits", "ctime", "used-mem");

    /** What a rewrite produced and what it could not carry. */
    public record Result(int inputVersion, long keys, long bytes, List<String> notes) {
    }

    private RdbRewriter() {
    }

    /**
     * Reads {@code in} and writes {@code out} (through a temporary file beside it, renamed
     * when complete). {@code options.emitResizeDb()} is ignored: the key counts are not known
     * before the input has been read, and RESIZEDB is only a sizing hint.
     *
     * @throws dev.tandem.rdb.RdbFormatException if {@code in} is not a valid RDB (nothing is written)
     */
    public static Result rewrite(Path in, Path out, RdbWriterOptions options) throws IOException {
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "temp-", ".rdb");
        boolean moved = false;
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            RdbSnapshotWriter writer = new RdbSnapshotWriter(options.toBuilder().emitResizeDb(false).build(),
                    chunk -> writeChunk(channel, chunk));
            Rewriting visitor = new Rewriting(writer, options.version());
            try {
                RdbReader reader = RdbReader.read(in, new DuplicateKeyDetector(visitor), RdbReaderConfig.defaults());
                writer.end();
                channel.force(true);
                channel.close();
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                moved = true;
                return new Result(reader.version(), writer.keysWritten(), writer.bytesWritten(), visitor.notes());
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                writer.discard();
            }
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void writeChunk(FileChannel channel, ByteBuf chunk) {
        try {
            while (chunk.isReadable()) {
                chunk.readBytes(channel, chunk.readableBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            chunk.release();
        }
    }

    /** Reader events → core values → writer entries, keeping count of what is lost. */
    private static final class Rewriting extends CoreValueAssembler {
        private final RdbSnapshotWriter writer;
        private final int outputVersion;
        private final Set<String> droppedAux = new LinkedHashSet<>();
        private final Map<RdbWarning.Kind, Long> warnings = new EnumMap<>(RdbWarning.Kind.class);
        private long functions;
        private long lruLfuHints;
        private long slotInfos;
        private long streamsWithLostMetadata;
        private long groupsWithLostEntriesRead;
        private long consumersWithLostActiveTime;

        Rewriting(RdbSnapshotWriter writer, int outputVersion) {
            this.writer = writer;
            this.outputVersion = outputVersion;
        }

        @Override
        public void onHeader(int version) {
            writer.begin(new SnapshotInfo(-1, 0, new long[0], new long[0]));
        }

        @Override
        public void onAux(byte[] key, byte[] value) {
            String k = new String(key, StandardCharsets.UTF_8);
            if (!REGENERATED_AUX.contains(k)) {
                droppedAux.add(k);
            }
        }

        @Override
        public void onFunction(RdbFunction function) {
            functions++;
        }

        @Override
        public void onModuleAux(RdbModuleId module, long when) {
            // counted through its warning
        }

        @Override
        public void onSlotInfo(long slot, long slotSize, long expiresSlotSize) {
            slotInfos++;
        }

        @Override
        public void onWarning(RdbWarning warning) {
            warnings.merge(warning.kind(), 1L, Long::sum);
        }

        @Override
        protected void onValue(RdbKey key, RedisValue value) {
            if (key.idleSeconds() >= 0 || key.lfuFreq() >= 0) {
                lruLfuHints++;
            }
            if (value instanceof StreamValue s && key.rdbType() != RdbTypes.STREAM_LISTPACKS) {
                countStreamLosses(s, outputVersion < 10);
            }
            writer.entry(key.db(), Key.of(key.key()), value, key.hasExpiry() ? Math.max(0, key.expireAtMs()) : -1);
        }

        /** What type 15 cannot store and Redis re-derives differently on load. */
        private void countStreamLosses(StreamValue s, boolean typeFifteen) {
            StreamId derivedFirst = s.isEmpty() ? StreamId.MAX : s.firstEntryId();
            if (typeFifteen && (s.entriesAdded() != s.length() || !s.maxDeletedEntryId().isZero()
                    || !s.firstId().equals(derivedFirst))) {
                streamsWithLostMetadata++;
            }
            StreamValue derived = null;
            for (StreamConsumerGroup g : s.groups().values()) {
                if (typeFifteen && derived == null) {
                    // The stream as a type-15 load will see it, for Redis's entries-read estimate.
                    derived = s.deepCopy();
                    derived.setMetadata(s.lastId(), derivedFirst, StreamId.MIN, s.length());
                }
                if (typeFifteen && derived.estimateEntriesRead(g.lastDeliveredId()) != g.entriesRead()) {
                    groupsWithLostEntriesRead++;
                }
                for (StreamConsumer c : g.consumers().values()) {
                    if (c.activeTime() != c.seenTime()) {
                        consumersWithLostActiveTime++;
                    }
                }
            }
        }

        List<String> notes() {
            List<String> notes = new ArrayList<>();
            if (droppedFieldTtls() > 0) {
                notes.add("dropped " + droppedFieldTtls() + " hash-field TTLs in " + keysWithDroppedFieldTtls()
                        + " keys (the fields are kept, without expiry)");
            }
            note(notes, warnings.getOrDefault(RdbWarning.Kind.MODULE_VALUE_SKIPPED, 0L),
                    "module values skipped (the keys are not in the output)");
            note(notes, warnings.getOrDefault(RdbWarning.Kind.MODULE_AUX_SKIPPED, 0L), "module aux blobs skipped");
            note(notes, warnings.getOrDefault(RdbWarning.Kind.EMPTY_KEY_SKIPPED, 0L),
                    "empty keys skipped (Redis skips them on load too)");
            note(notes, functions, "function libraries not carried (a keyspace holds no functions)");
            note(notes, lruLfuHints, "keys lost their LRU/LFU hint (IDLE/FREQ)");
            note(notes, slotInfos, "cluster slot hints (SLOT_INFO) dropped");
            note(notes, streamsWithLostMetadata, "streams lost first-id / max-deleted-id / entries-added "
                    + "(type 15 does not store them; Redis re-derives them on load)");
            note(notes, groupsWithLostEntriesRead, "consumer groups lost entries-read (Redis estimates it on load)");
            note(notes, consumersWithLostActiveTime, "stream consumers lost their active-time (set to seen-time)");
            if (!droppedAux.isEmpty()) {
                notes.add("AUX fields of the source not carried: " + String.join(", ", droppedAux));
            }
            return notes;
        }

        private static void note(List<String> notes, long count, String what) {
            if (count > 0) {
                notes.add(count + " " + what);
            }
        }
    }
}
