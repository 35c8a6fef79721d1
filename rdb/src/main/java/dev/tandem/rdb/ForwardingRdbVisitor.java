/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.util.List;

/** A visitor that passes every event to a delegate; extend it to decorate one or two events. */
public class ForwardingRdbVisitor implements RdbVisitor {
    private final RdbVisitor delegate;

    public ForwardingRdbVisitor(RdbVisitor delegate) {
        this.delegate = delegate;
    }

    protected RdbVisitor delegate() {
        return delegate;
    }

    @Override
    public void onHeader(int version) {
        delegate.onHeader(version);
    }

    @Override
    public void onAux(byte[] key, byte[] value) {
        delegate.onAux(key, value);
    }

    @Override
    public void onSelectDb(int db) {
        delegate.onSelectDb(db);
    }

    @Override
    public void onResizeDb(long dbSize, long expiresSize) {
        delegate.onResizeDb(dbSize, expiresSize);
    }

    @Override
    public void onSlotInfo(long slot, long slotSize, long expiresSlotSize) {
        delegate.onSlotInfo(slot, slotSize, expiresSlotSize);
    }

    @Override
    public void onFunction(RdbFunction function) {
        delegate.onFunction(function);
    }

    @Override
    public void onModuleAux(RdbModuleId module, long when) {
        delegate.onModuleAux(module, when);
    }

    @Override
    public void onWarning(RdbWarning warning) {
        delegate.onWarning(warning);
    }

    @Override
    public void onKeyBegin(RdbKey key) {
        delegate.onKeyBegin(key);
    }

    @Override
    public void onStringValue(RdbKey key, byte[] value) {
        delegate.onStringValue(key, value);
    }

    @Override
    public void onListElements(RdbKey key, List<byte[]> elements) {
        delegate.onListElements(key, elements);
    }

    @Override
    public void onSetMembers(RdbKey key, List<byte[]> members) {
        delegate.onSetMembers(key, members);
    }

    @Override
    public void onZsetEntries(RdbKey key, List<ZsetEntry> entries) {
        delegate.onZsetEntries(key, entries);
    }

    @Override
    public void onHashEntries(RdbKey key, List<HashEntry> entries) {
        delegate.onHashEntries(key, entries);
    }

    @Override
    public void onStreamEntries(RdbKey key, List<StreamEntry> entries) {
        delegate.onStreamEntries(key, entries);
    }

    @Override
    public void onStreamMetadata(RdbKey key, StreamMetadata metadata) {
        delegate.onStreamMetadata(key, metadata);
    }

    @Override
    public void onStreamGroup(RdbKey key, StreamGroupInfo group) {
        delegate.onStreamGroup(key, group);
    }

    @Override
    public void onStreamPending(RdbKey key, StreamGroupInfo group, List<StreamPendingEntry> pending) {
        delegate.onStreamPending(key, group, pending);
    }

    @Override
    public void onStreamConsumer(RdbKey key, StreamGroupInfo group, StreamConsumerInfo consumer) {
        delegate.onStreamConsumer(key, group, consumer);
    }

    @Override
    public void onStreamConsumerPending(RdbKey key, StreamGroupInfo group, StreamConsumerInfo consumer,
                                        List<RdbStreamId> ids) {
        delegate.onStreamConsumerPending(key, group, consumer, ids);
    }

    @Override
    public boolean acceptsCompactValues() {
        return delegate.acceptsCompactValues();
    }

    @Override
    public void onCompactValue(RdbKey key, byte[] blob, int entries) {
        delegate.onCompactValue(key, blob, entries);
    }

    @Override
    public void onListNode(RdbKey key, byte[] node, int entries, boolean plain) {
        delegate.onListNode(key, node, entries, plain);
    }

    @Override
    public void onKeyEnd(RdbKey key) {
        delegate.onKeyEnd(key);
    }

    @Override
    public void onEnd(RdbChecksum checksum) {
        delegate.onEnd(checksum);
    }
}
