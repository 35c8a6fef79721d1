/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One pub/sub message as a {@link MessageListener} receives it.
 *
 * @param channel the channel it was published to (UTF-8)
 * @param pattern the pattern of a {@link ReplicatedKeyspace#psubscribe} subscription that matched;
 *                empty for a channel subscription
 * @param payload the message's bytes
 */
public record PubSubMessage(String channel, Optional<String> pattern, byte[] payload) {

    /** The payload decoded as UTF-8. */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
