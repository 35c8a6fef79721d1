/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.value.StreamId;
import java.util.List;

/**
 * What an XREAD or XREADGROUP with BLOCK waits for when no stream had anything to serve at
 * once (Redis's {@code blockForKeys(..., BLOCKED_STREAM, ...)} and {@code c->bpop}): the one
 * entry point through which stream reads join the generic blocking facility ({@code StreamBlocking}).
 *
 * <p>How it is served (t_stream.c xreadCommand, blocked.c serveClientsBlockedOnStreamKey):
 * <ul>
 *   <li>A key becomes ready on XADD, on XGROUP DESTROY (so XREADGROUP clients get their error)
 *       and whenever a key is added, overwritten or deleted (db.c's signalKeyAsReady /
 *       signalDeletedKeyAsReady); see {@link StreamBlocking#keyReady}.
 *   <li>{@code ids} are resolved at block time: XREAD's {@code $} is the stream's last ID then
 *       (0-0 for a missing key), so only entries added later are served; XREADGROUP's
 *       {@code >} is {@link StreamId#MAX} here and is re-resolved to the group's last delivered
 *       ID each time the key is ready, because other consumers move it.
 *   <li>On a ready key: for a group, a missing group replies
 *       {@code -NOGROUP the consumer group this client was blocked on no longer exists}; a key
 *       deleted or no longer a stream replies {@code -UNBLOCKED the stream key no longer exists}
 *       to XREADGROUP clients. Otherwise the client is served when the stream's last ID is above
 *       its ID, with {@link #count} entries at most, from that key alone (a one-key reply), and
 *       XREADGROUP creates the consumer and propagates as when served at once.
 *   <li>{@code timeoutMillis}: an absolute Unix time in milliseconds, 0 for none; on timeout
 *       the reply is a null array.
 * </ul>
 *
 * @param db the client's database
 * @param keys the stream keys, in the command's order
 * @param ids the IDs to read after, one per key, resolved as above
 * @param count the most entries per key: COUNT, or 1000 (XREAD_BLOCKED_DEFAULT_COUNT) without it
 * @param group the consumer group (XREADGROUP), or null
 * @param consumer the consumer (XREADGROUP), or null
 * @param noAck XREADGROUP's NOACK
 * @param timeoutMillis absolute deadline in Unix milliseconds, or 0 for none
 */
public record StreamBlockingRequest(int db, List<Key> keys, List<StreamId> ids, long count, byte[] group,
                                    byte[] consumer, boolean noAck, long timeoutMillis) {
    /** Redis's XREAD_BLOCKED_DEFAULT_COUNT. */
    public static final long DEFAULT_COUNT = 1000;
}
