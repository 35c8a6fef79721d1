/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/** One entry of a consumer group's pending entries list (PEL). */
public record StreamPendingEntry(RdbStreamId id, long deliveryTimeMs, long deliveryCount) {
}
