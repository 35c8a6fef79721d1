/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Records every visitor event as a line of text, to compare two reads of the same input. */
final class EventRecorder implements RdbVisitor {
    final List<String> events = new ArrayList<>();

    private static String b(byte[] bytes) {
        return bytes == null ? "null" : Printable.of(bytes);
    }

    private static String all(List<byte[]> items) {
        return items.stream().map(EventRecorder::b).collect(Collectors.joining(",", "[", "]"));
    }

    @Override
    public void onHeader(int version) {
        events.add("header " + version);
    }

    @Override
    public void onAux(byte[] key, byte[] value) {
        events.add("aux " + b(key) + "=" + b(value));
    }

    @Override
    public void onSelectDb(int db) {
        events.add("select " + db);
    }

    @Override
    public void onResizeDb(long dbSize, long expiresSize) {
        events.add("resize " + dbSize + " " + expiresSize);
    }

    @Override
    public void onSlotInfo(long slot, long slotSize, long expiresSlotSize) {
        events.add("slot " + slot + " " + slotSize + " " + expiresSlotSize);
    }

    @Override
    public void onFunction(RdbFunction f) {
        events.add("function " + b(f.code()) + " " + b(f.name()) + " " + b(f.engine()) + " " + b(f.description())
                + " " + f.preGa());
    }

    @Override
    public void onModuleAux(RdbModuleId module, long when) {
        events.add("moduleAux " + module + " " + when);
    }

    @Override
    public void onWarning(RdbWarning warning) {
        events.add("warning " + warning);
    }

    @Override
    public void onKeyBegin(RdbKey key) {
        events.add("begin " + key);
    }

    @Override
    public void onStringValue(RdbKey key, byte[] value) {
        events.add("string " + b(value));
    }

    @Override
    public void onListElements(RdbKey key, List<byte[]> elements) {
        events.add("list " + all(elements));
    }

    @Override
    public void onSetMembers(RdbKey key, List<byte[]> members) {
        events.add("set " + all(members));
    }

    @Override
    public void onZsetEntries(RdbKey key, List<ZsetEntry> entries) {
        events.add("zset " + entries);
    }

    @Override
    public void onHashEntries(RdbKey key, List<HashEntry> entries) {
        events.add("hash " + entries);
    }

    @Override
    public void onStreamEntries(RdbKey key, List<StreamEntry> entries) {
        events.add("stream " + entries);
    }

    @Override
    public void onStreamMetadata(RdbKey key, StreamMetadata metadata) {
        events.add("meta " + metadata);
    }

    @Override
    public void onStreamGroup(RdbKey key, StreamGroupInfo group) {
        events.add("group " + group);
    }

    @Override
    public void onStreamPending(RdbKey key, StreamGroupInfo group, List<StreamPendingEntry> pending) {
        events.add("pel " + group.nameString() + " " + pending);
    }

    @Override
    public void onStreamConsumer(RdbKey key, StreamGroupInfo group, StreamConsumerInfo consumer) {
        events.add("consumer " + group.nameString() + " " + consumer);
    }

    @Override
    public void onStreamConsumerPending(RdbKey key, StreamGroupInfo group, StreamConsumerInfo consumer,
                                        List<RdbStreamId> ids) {
        events.add("cpel " + consumer.nameString() + " " + ids);
    }

    @Override
    public void onKeyEnd(RdbKey key) {
        events.add("end " + b(key.key()));
    }

    @Override
    public void onEnd(RdbChecksum checksum) {
        events.add("eof " + checksum);
    }
}
