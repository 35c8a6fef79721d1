/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.pubsub;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.KeyspaceNotifier;
import dev.tandem.core.internal.NotifyFlags;
import java.nio.charset.StandardCharsets;

/**
 * Publishes keyspace notifications through the node's hub as Redis's notifyKeyspaceEvent
 * does: {@code __keyspace@<db>__:<key>} carrying the event when {@code K} is on, then
 * {@code __keyevent@<db>__:<event>} carrying the key when {@code E} is on. Only local
 * subscribers receive them: nothing here is propagated, each replica makes its own.
 */
public final class KeyspaceEventPublisher implements KeyspaceNotifier {
    private static final byte[] KEYSPACE = "__keyspace@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT = "__keyevent@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEPARATOR = "__:".getBytes(StandardCharsets.US_ASCII);

    private final PubSub pubsub;
    private final Keyspace keyspace;

    public KeyspaceEventPublisher(PubSub pubsub, Keyspace keyspace) {
        this.pubsub = pubsub;
        this.keyspace = keyspace;
    }

    @Override
    public void notify(int db, byte[] event, byte[] key) {
        int flags = keyspace.notifyFlags();
        byte[] dbId = Integer.toString(db).getBytes(StandardCharsets.US_ASCII);
        if ((flags & NotifyFlags.KEYSPACE) != 0) {
            pubsub.publish(channel(KEYSPACE, dbId, key), event);
        }
        if ((flags & NotifyFlags.KEYEVENT) != 0) {
            pubsub.publish(channel(KEYEVENT, dbId, event), key);
        }
    }

    private static byte[] channel(byte[] prefix, byte[] db, byte[] suffix) {
        byte[] out = new byte[prefix.length + db.length + SEPARATOR.length + suffix.length];
        int at = 0;
        System.arraycopy(prefix, 0, out, at, prefix.length);
        at += prefix.length;
        System.arraycopy(db, 0, out, at, db.length);
        at += db.length;
        System.arraycopy(SEPARATOR, 0, out, at, SEPARATOR.length);
        at += SEPARATOR.length;
        System.arraycopy(suffix, 0, out, at, suffix.length);
        return out;
    }
}
