/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.acl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * ACL LOG: the latest denials and failed AUTHs, newest first, at most {@code acllog-max-len}
 * (128) entries. As in Redis 7.0, an entry equal to a recent one (same reason, context, object
 * and user, within 60 seconds) is not added again: the old one counts up, takes the new client
 * info and time, and moves to the front.
 */
public final class AclLog {

    static final int MAX_LEN = 128;
    private static final long GROUPING_MILLIS = 60_000;
    private static final int GROUPING_SCAN = 10;

    /** One entry; mutable only under the log's monitor. */
    public static final class Entry {
        private long count = 1;
        private final String reason;
        private final String context;
        private final String object;
        private final String username;
        private long createdMillis;
        private String clientInfo;

        Entry(String reason, String context, String object, String username, long createdMillis, String clientInfo) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.createdMillis = createdMillis;
            this.clientInfo = clientInfo;
        }

        public long count() {
            return count;
        }

        public String reason() {
            return reason;
        }

        public String context() {
            return context;
        }

        public String object() {
            return object;
        }

        public String username() {
            return username;
        }

        public long createdMillis() {
            return createdMillis;
        }

        public String clientInfo() {
            return clientInfo;
        }

        private boolean similar(Entry other) {
            return reason.equals(other.reason) && context.equals(other.context) && object.equals(other.object)
                    && username.equals(other.username) && other.createdMillis - createdMillis < GROUPING_MILLIS;
        }

        private Entry copy() {
            Entry e = new Entry(reason, context, object, username, createdMillis, clientInfo);
            e.count = count;
            return e;
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    /** Records a denial or a failed AUTH ({@code reason} {@code auth}, object {@code AUTH}). */
    public synchronized void add(String reason, String context, String object, String username,
                                 long nowMillis, String clientInfo) {
        Entry entry = new Entry(reason, context, object, username, nowMillis, clientInfo);
        int scanned = 0;
        // Like Redis, only the newest few entries are looked at for one to group with.
        for (Iterator<Entry> it = entries.iterator(); it.hasNext() && scanned++ < GROUPING_SCAN; ) {
            Entry old = it.next();
            if (old.similar(entry)) {
                it.remove();
                old.count++;
                old.createdMillis = nowMillis;
                old.clientInfo = clientInfo;
                entries.addFirst(old);
                return;
            }
        }
        entries.addFirst(entry);
        while (entries.size() > MAX_LEN) {
            entries.removeLast();
        }
    }

    /** The newest {@code count} entries (copies), newest first. */
    public synchronized List<Entry> latest(long count) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (out.size() >= count) {
                break;
            }
            out.add(e.copy());
        }
        return out;
    }

    public synchronized void reset() {
        entries.clear();
    }
}
