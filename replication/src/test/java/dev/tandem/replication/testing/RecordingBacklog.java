/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.testing;

import dev.tandem.replication.internal.backlog.ChunkedReplicationBacklog;
import dev.tandem.replication.spi.BacklogCursor;
import dev.tandem.replication.spi.BacklogFactory;
import dev.tandem.replication.spi.BacklogRange;
import dev.tandem.replication.spi.ReplicationBacklog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A backlog plugged in through the SPI ({@link BacklogFactory}) that keeps a copy of every byte
 * ever appended, for tests that must know exactly what a node propagated. It delegates the real
 * work to the built-in backlog, so replicas are served as usual.
 */
public final class RecordingBacklog implements ReplicationBacklog {

    private final ReplicationBacklog delegate;
    private final ByteArrayOutputStream appended = new ByteArrayOutputStream();
    private long appends;

    public RecordingBacklog(ReplicationBacklog delegate) {
        this.delegate = delegate;
    }

    /** A factory for {@code Builder.backlog}; {@code sink[0]} receives the backlog it made. */
    public static BacklogFactory factory(RecordingBacklog[] sink) {
        return (size, allocator) -> sink[0] = new RecordingBacklog(new ChunkedReplicationBacklog(size, 4096, allocator));
    }

    /** Every byte appended so far (ISO-8859-1, so bytes map to chars one to one). */
    public synchronized String appendedText() {
        return appended.toString(StandardCharsets.ISO_8859_1);
    }

    /** How many times anything was appended. */
    public synchronized long appends() {
        return appends;
    }

    @Override
    public synchronized boolean append(byte[] bytes, int offset, int length) {
        appended.write(bytes, offset, length);
        appends++;
        return delegate.append(bytes, offset, length);
    }

    @Override
    public synchronized boolean append(ByteBuf bytes) {
        appended.writeBytes(ByteBufUtil.getBytes(bytes));
        appends++;
        return delegate.append(bytes);
    }

    @Override
    public long masterReplOffset() {
        return delegate.masterReplOffset();
    }

    @Override
    public long firstByteOffset() {
        return delegate.firstByteOffset();
    }

    @Override
    public long historyLength() {
        return delegate.historyLength();
    }

    @Override
    public boolean isActive() {
        return delegate.isActive();
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public void setSize(long size) {
        delegate.setSize(size);
    }

    @Override
    public BacklogRange range() {
        return delegate.range();
    }

    @Override
    public Optional<BacklogCursor> openCursor(long offset) {
        return delegate.openCursor(offset);
    }

    @Override
    public int openCursorCount() {
        return delegate.openCursorCount();
    }

    @Override
    public void reset(long baseOffset) {
        delegate.reset(baseOffset);
    }

    @Override
    public void free() {
        delegate.free();
    }

    @Override
    public void trim() {
        delegate.trim();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
