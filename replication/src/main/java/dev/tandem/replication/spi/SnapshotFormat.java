/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import dev.tandem.core.snapshot.DatasetTarget;
import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;

/**
 * How a full sync's snapshot is written and read (brief §6): Redis RDB by default
 * ({@link dev.tandem.replication.RdbSnapshotFormat}); another format can serve when both peers are Tandem nodes that
 * were built with it. The framing around the snapshot ({@code $EOF:} or {@code $<len>}) is the
 * same for every format.
 */
public interface SnapshotFormat {

    /** A short name for logs. */
    String name();

    /**
     * A writer for one snapshot (master side). It is created and {@linkplain SnapshotWriter#begin
     * begun} under the keyspace write lock, receives entries under the keyspace lock, and must
     * never block: it hands each finished chunk of bytes to {@code output}, which takes
     * ownership. {@link SnapshotWriter#end()} must write whatever completes the format and hand
     * over the last chunk.
     */
    SnapshotWriter newWriter(SnapshotWriteOptions options, Consumer<ByteBuf> output);

    /** A loader for one received snapshot (replica side), filling {@code target}. */
    SnapshotLoader newLoader(DatasetTarget target);
}
