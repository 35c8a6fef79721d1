/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/**
 * A stream's counters, read after its nodes. For type 15 (Redis 5.0–6.2), which does not
 * store the last three, the reader fills them in the way Redis 7.0 loads such a stream:
 * {@code firstId} = the first live entry (0-0 if none), {@code maxDeletedEntryId} = 0-0,
 * {@code entriesAdded} = {@code length}.
 *
 * @param length            number of live entries
 * @param lastId            the stream's last generated ID
 * @param firstId           the first live entry ID
 * @param maxDeletedEntryId the largest ID ever deleted
 * @param entriesAdded      number of entries ever added
 */
public record StreamMetadata(long length, RdbStreamId lastId, RdbStreamId firstId,
                             RdbStreamId maxDeletedEntryId, long entriesAdded) {
}
