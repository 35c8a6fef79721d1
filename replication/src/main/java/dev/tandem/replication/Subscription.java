/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import java.util.List;

/**
 * The handle of {@link ReplicatedKeyspace#subscribe} and {@link ReplicatedKeyspace#psubscribe}:
 * the subscription counts in {@code PUBLISH}'s receivers and {@code PUBSUB NUMSUB}/{@code NUMPAT}
 * until closed.
 */
public interface Subscription extends AutoCloseable {

    /** The channels (or patterns) subscribed to. */
    List<String> names();

    /** Whether the subscription is still active. */
    boolean isActive();

    /** Ends the subscription: no message reaches the listener once this returns (one being delivered finishes). Idempotent. */
    @Override
    void close();
}
