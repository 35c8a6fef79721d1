/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.pubsub;

/**
 * One message as one subscriber receives it.
 *
 * @param kind    which subscription matched, and so Redis's push kind
 * @param pattern the pattern that matched ({@link Kind#PATTERN} only), else null
 * @param channel the channel published to
 * @param payload the message
 */
public record Message(Kind kind, byte[] pattern, byte[] channel, byte[] payload) {

    /** The three subscription kinds, with the first element of Redis's push frames. */
    public enum Kind {
        /** SUBSCRIBE: {@code message <channel> <payload>}. */
        CHANNEL("message", "subscribe", "unsubscribe"),
        /** PSUBSCRIBE: {@code pmessage <pattern> <channel> <payload>}. */
        PATTERN("pmessage", "psubscribe", "punsubscribe"),
        /** SSUBSCRIBE: {@code smessage <channel> <payload>}. */
        SHARD("smessage", "ssubscribe", "sunsubscribe");

        private final String messageType;
        private final String subscribeType;
        private final String unsubscribeType;

        Kind(String messageType, String subscribeType, String unsubscribeType) {
            this.messageType = messageType;
            this.subscribeType = subscribeType;
            this.unsubscribeType = unsubscribeType;
        }

        public String messageType() {
            return messageType;
        }

        public String subscribeType() {
            return subscribeType;
        }

        public String unsubscribeType() {
            return unsubscribeType;
        }
    }
}
