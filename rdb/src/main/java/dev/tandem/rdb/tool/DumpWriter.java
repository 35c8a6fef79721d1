/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.tool;

import dev.tandem.rdb.HashEntry;
import dev.tandem.rdb.RdbChecksum;
import dev.tandem.rdb.RdbFunction;
import dev.tandem.rdb.RdbKey;
import dev.tandem.rdb.RdbValue;
import dev.tandem.rdb.StreamEntry;
import dev.tandem.rdb.RdbStreamId;
import dev.tandem.rdb.StreamPendingEntry;
import dev.tandem.rdb.ZsetEntry;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code rdb dump} output: JSON Lines.
 *
 * <ul>
 *   <li>First line: {@code {"aux":{…},"version":N}}, plus {@code "functions":[…]} when the file
 *       has function libraries before its first key. Written when the first db/key/EOF item
 *       arrives, so that the AUX fields at the top are all in it.</li>
 *   <li>AUX fields or functions that come later (Redis 4.0–6.2 put {@code lua} AUX after the
 *       data) each get a line of their own: {@code {"aux":{…}}} / {@code {"function":"…"}}.</li>
 *   <li>One line per key: {@code {"db":0,"key":…,"type":"string|list|set|zset|hash|stream",
 *       "expireAt":null|ms,"value":…}}. Set members sorted by bytes (unsigned); zset as
 *       {@code [[member,score],…]} sorted by score then member; hash as an object sorted by
 *       field, with {@code "fieldExpireAt":{field:ms}} beside {@code "value"} when some fields
 *       have TTLs; stream as {@code {"entries":[{"id":…,"fields":[f,v,…]}],"length":…,
 *       "lastId":…,"firstId":…,"maxDeletedId":…,"entriesAdded":…,"groups":[…]}} with only
 *       live (not deleted) entries.</li>
 * </ul>
 * Byte strings follow {@link Json#bytes}. A map whose keys are not all distinct valid UTF-8
 * (binary hash fields or AUX names) is written as an array of {@code [key, value]} pairs
 * instead of an object; in {@code "fieldExpireAt"} such a field is named
 * {@code "base64:<base64 of the field>"}.
 */
final class DumpWriter {
    private static final Comparator<byte[]> BYTES = Arrays::compareUnsigned;

    private final PrintStream out;
    private final List<byte[][]> pendingAux = new ArrayList<>();
    private final List<byte[]> pendingFunctions = new ArrayList<>();
    private int version;
    private boolean headerWritten;

    DumpWriter(PrintStream out) {
        this.out = out;
    }

    void header(int v) {
        version = v;
    }

    void aux(byte[] key, byte[] value) {
        if (headerWritten) {
            StringBuilder sb = new StringBuilder("{\"aux\":");
            map(sb, List.<byte[][]>of(new byte[][] {key, value}));
            out.println(sb.append('}'));
        } else {
            pendingAux.add(new byte[][] {key, value});
        }
    }

    void function(RdbFunction f) {
        if (headerWritten) {
            StringBuilder sb = new StringBuilder("{\"function\":");
            Json.bytes(sb, f.code());
            out.println(sb.append('}'));
        } else {
            pendingFunctions.add(f.code());
        }
    }

    /** Writes the first line if it is still pending. */
    void writeHeader() {
        if (headerWritten) {
            return;
        }
        headerWritten = true;
        StringBuilder sb = new StringBuilder("{\"aux\":");
        map(sb, pendingAux);
        if (!pendingFunctions.isEmpty()) {
            sb.append(",\"functions\":[");
            for (int i = 0; i < pendingFunctions.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                Json.bytes(sb, pendingFunctions.get(i));
            }
            sb.append(']');
        }
        sb.append(",\"version\":").append(version).append('}');
        out.println(sb);
    }

    void end(RdbChecksum checksum) {
        writeHeader();
    }

    void key(RdbKey key, RdbValue value) {
        writeHeader();
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"db\":").append(key.db()).append(",\"key\":");
        Json.bytes(sb, key.key());
        sb.append(",\"type\":\"").append(value.kind().redisName()).append("\",\"expireAt\":");
        if (key.hasExpiry()) {
            sb.append(key.expireAtMs());
        } else {
            sb.append("null");
        }
        sb.append(",\"value\":");
        value(sb, value);
        sb.append('}');
        out.println(sb);
    }

    private void value(StringBuilder sb, RdbValue value) {
        if (value instanceof RdbValue.StringValue s) {
            Json.bytes(sb, s.value());
        } else if (value instanceof RdbValue.ListValue l) {
            array(sb, l.elements());
        } else if (value instanceof RdbValue.SetValue s) {
            List<byte[]> sorted = new ArrayList<>(s.members());
            sorted.sort(BYTES);
            array(sb, sorted);
        } else if (value instanceof RdbValue.ZsetValue z) {
            zset(sb, z.entries());
        } else if (value instanceof RdbValue.HashValue h) {
            hash(sb, h.entries());
        } else if (value instanceof RdbValue.StreamValue st) {
            stream(sb, st);
        } else {
            throw new IllegalArgumentException("unknown value " + value);
        }
    }

    private static void array(StringBuilder sb, List<byte[]> items) {
        sb.append('[');
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ",");
            Json.bytes(sb, items.get(i));
        }
        sb.append(']');
    }

    private static void zset(StringBuilder sb, List<ZsetEntry> entries) {
        List<ZsetEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingDouble(ZsetEntry::score).thenComparing(ZsetEntry::member, BYTES));
        sb.append('[');
        for (int i = 0; i < sorted.size(); i++) {
            sb.append(i == 0 ? "[" : ",[");
            Json.bytes(sb, sorted.get(i).member());
            sb.append(',');
            Json.number(sb, sorted.get(i).score());
            sb.append(']');
        }
        sb.append(']');
    }

    private static void hash(StringBuilder sb, List<HashEntry> entries) {
        List<HashEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(HashEntry::field, BYTES));
        List<byte[][]> pairs = new ArrayList<>();
        boolean anyTtl = false;
        for (HashEntry e : sorted) {
            pairs.add(new byte[][] {e.field(), e.value()});
            anyTtl |= e.hasExpiry();
        }
        map(sb, pairs);
        if (anyTtl) {
            // Closes "value" and adds a sibling member to the key object.
            sb.append(",\"fieldExpireAt\":{");
            int i = 0;
            for (HashEntry e : sorted) {
                if (e.hasExpiry()) {
                    sb.append(i++ == 0 ? "" : ",");
                    String name = Json.utf8OrNull(e.field());
                    Json.string(sb, name != null ? name : "base64:" + java.util.Base64.getEncoder()
                            .encodeToString(e.field()));
                    sb.append(':').append(e.expireAtMs());
                }
            }
            sb.append('}');
        }
    }

    private static void stream(StringBuilder sb, RdbValue.StreamValue st) {
        sb.append("{\"entries\":[");
        int n = 0;
        for (StreamEntry e : st.entries()) {
            if (e.deleted()) {
                continue;
            }
            sb.append(n++ == 0 ? "" : ",").append("{\"id\":");
            id(sb, e.id());
            sb.append(",\"fields\":");
            array(sb, e.fieldsAndValues());
            sb.append('}');
        }
        var m = st.metadata();
        sb.append("],\"length\":");
        Json.unsigned(sb, m.length());
        sb.append(",\"lastId\":");
        id(sb, m.lastId());
        sb.append(",\"firstId\":");
        id(sb, m.firstId());
        sb.append(",\"maxDeletedId\":");
        id(sb, m.maxDeletedEntryId());
        sb.append(",\"entriesAdded\":");
        Json.unsigned(sb, m.entriesAdded());
        sb.append(",\"groups\":[");
        for (int g = 0; g < st.groups().size(); g++) {
            RdbValue.Group group = st.groups().get(g);
            sb.append(g == 0 ? "" : ",").append("{\"name\":");
            Json.bytes(sb, group.info().name());
            sb.append(",\"lastId\":");
            id(sb, group.info().lastId());
            sb.append(",\"entriesRead\":").append(group.info().entriesRead());
            sb.append(",\"pending\":[");
            for (int i = 0; i < group.pending().size(); i++) {
                StreamPendingEntry p = group.pending().get(i);
                sb.append(i == 0 ? "" : ",").append("{\"id\":");
                id(sb, p.id());
                sb.append(",\"deliveryTime\":").append(p.deliveryTimeMs());
                sb.append(",\"deliveryCount\":");
                Json.unsigned(sb, p.deliveryCount());
                sb.append('}');
            }
            sb.append("],\"consumers\":[");
            for (int c = 0; c < group.consumers().size(); c++) {
                RdbValue.Consumer consumer = group.consumers().get(c);
                sb.append(c == 0 ? "" : ",").append("{\"name\":");
                Json.bytes(sb, consumer.info().name());
                sb.append(",\"seenTime\":").append(consumer.info().seenTimeMs());
                sb.append(",\"activeTime\":").append(consumer.info().activeTimeMs());
                sb.append(",\"pending\":[");
                for (int i = 0; i < consumer.pending().size(); i++) {
                    sb.append(i == 0 ? "" : ",");
                    id(sb, consumer.pending().get(i));
                }
                sb.append("]}");
            }
            sb.append("]}");
        }
        sb.append("]}");
    }

    private static void id(StringBuilder sb, RdbStreamId id) {
        Json.string(sb, id.toString());
    }

    /** An object if every key is distinct valid UTF-8, else an array of [key, value] pairs. */
    private static void map(StringBuilder sb, List<byte[][]> pairs) {
        Set<String> names = new HashSet<>();
        boolean asObject = true;
        for (byte[][] p : pairs) {
            String name = Json.utf8OrNull(p[0]);
            if (name == null || !names.add(name)) {
                asObject = false;
                break;
            }
        }
        sb.append(asObject ? '{' : '[');
        for (int i = 0; i < pairs.size(); i++) {
            sb.append(i == 0 ? "" : ",");
            if (asObject) {
                Json.string(sb, Json.utf8OrNull(pairs.get(i)[0]));
                sb.append(':');
                Json.bytes(sb, pairs.get(i)[1]);
            } else {
                sb.append('[');
                Json.bytes(sb, pairs.get(i)[0]);
                sb.append(',');
                Json.bytes(sb, pairs.get(i)[1]);
                sb.append(']');
            }
        }
        sb.append(asObject ? '}' : ']');
    }
}
