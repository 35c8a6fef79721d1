/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The Sentinel-aware replica: {@link dev.tandem.replication.internal.sentinel.SentinelFollower}
 * asks a set of Redis Sentinels for the current master of a named group and follows the
 * {@code +switch-master} announcements on a Sentinel's pub/sub, over a small RESP client of
 * its own on the node's transport.
 */
package dev.tandem.replication.internal.sentinel;
