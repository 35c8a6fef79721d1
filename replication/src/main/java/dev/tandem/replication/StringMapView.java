/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import dev.tandem.core.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * {@link DatabaseView#asMap()}: a {@code Map<String, String>} over the string keys of one
 * database. Every operation is a command, so the view is always current and thread-safe to the
 * degree the keyspace is (each call is atomic on its own; compound map operations such as
 * {@code putIfAbsent} are not atomic as a whole). Iteration is weakly consistent, like
 * {@code SCAN}: keys present for the whole iteration are seen once; others may or may not be.
 */
final class StringMapView extends AbstractMap<String, String> {

    private static final int SCAN_COUNT = 256;

    private final DatabaseView db;

    StringMapView(DatabaseView db) {
        this.db = db;
    }

    @Override
    public String get(Object key) {
        if (!(key instanceof String k)) {
            return null;
        }
        Reply r = db.execute("GET", k);
        return r instanceof Reply.BulkReply b ? b.utf8() : null; // WRONGTYPE: not in the view
    }

    @Override
    public boolean containsKey(Object key) {
        if (!(key instanceof String k)) {
            return false;
        }
        Reply r = KeyspaceCommands.check(db.execute("TYPE", k));
        return r instanceof Reply.SimpleReply s && s.text().equals("string");
    }

    @Override
    public String put(String key, String value) {
        if (key == null || value == null) {
            throw new NullPointerException("keys and values of the view are non-null");
        }
        Reply r = db.execute("SET", key, value, "GET");
        if (r instanceof Reply.ErrorReply e && e.prefix().equals("WRONGTYPE")) {
            KeyspaceCommands.check(db.execute("SET", key, value)); // replaces a non-string key
            return null;
        }
        r = KeyspaceCommands.check(r);
        return r instanceof Reply.BulkReply b ? b.utf8() : null;
    }

    @Override
    public String remove(Object key) {
        if (!(key instanceof String k)) {
            return null;
        }
        Reply r = db.execute("GETDEL", k);
        if (r instanceof Reply.ErrorReply e && e.prefix().equals("WRONGTYPE")) {
            return null;
        }
        r = KeyspaceCommands.check(r);
        return r instanceof Reply.BulkReply b ? b.utf8() : null;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new ScanIterator();
            }

            @Override
            public int size() {
                int n = 0;
                for (Iterator<Entry<String, String>> it = iterator(); it.hasNext(); it.next()) {
                    n++;
                }
                return n;
            }
        };
    }

    /** Walks {@code SCAN cursor COUNT n TYPE string}, fetching each value as it goes. */
    private final class ScanIterator implements Iterator<Entry<String, String>> {
        private String cursor = "0";
        private boolean started;
        private final List<String> batch = new ArrayList<>();
        private int index;
        private Entry<String, String> next;
        private String lastKey;

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (index < batch.size()) {
                    String key = batch.get(index++);
                    String value = get(key);
                    if (value != null) {
                        next = new SimpleImmutableEntry<>(key, value);
                    }
                    continue;
                }
                if (started && cursor.equals("0")) {
                    return false;
                }
                started = true;
                fetch();
            }
            return true;
        }

        private void fetch() {
            Reply r = KeyspaceCommands.check(db.execute("SCAN", cursor, "COUNT", Integer.toString(SCAN_COUNT),
                    "TYPE", "string"));
            List<Reply> parts = ((Reply.ArrayReply) r).items();
            cursor = ((Reply.BulkReply) parts.get(0)).utf8();
            batch.clear();
            index = 0;
            for (Reply k : ((Reply.ArrayReply) parts.get(1)).items()) {
                batch.add(new String(((Reply.BulkReply) k).bytes(), StandardCharsets.UTF_8));
            }
        }

        @Override
        public Entry<String, String> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Entry<String, String> e = next;
            next = null;
            lastKey = e.getKey();
            return e;
        }

        @Override
        public void remove() {
            if (lastKey == null) {
                throw new IllegalStateException("next() first");
            }
            db.execute("DEL", lastKey);
            lastKey = null;
        }
    }
}
