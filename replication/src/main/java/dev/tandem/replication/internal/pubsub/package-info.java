/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Pub/Sub as Redis 7.0 has it: the node's {@link dev.tandem.replication.internal.pubsub.PubSub}
 * hub (channels, patterns, shard channels and their subscribers), one subscriber's
 * {@link dev.tandem.replication.internal.pubsub.Subscriptions}, and {@code PUBLISH}/{@code SPUBLISH},
 * which live in the keyspace's command table because they propagate to replicas in the stream's
 * order. The RESP server's subscribe commands and the API's listeners are two kinds of
 * {@link dev.tandem.replication.internal.pubsub.Subscriber}.
 */
package dev.tandem.replication.internal.pubsub;
