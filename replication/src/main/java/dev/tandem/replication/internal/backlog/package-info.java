/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The replication log: {@link dev.tandem.replication.spi.ReplicationBacklog} (one writer under
 * the keyspace write lock, many cursor readers on event loops), its chunked, reference-counted
 * implementation, the per-replica {@link dev.tandem.replication.OutputBufferLimit} and
 * the {@code repl-backlog-ttl} rule ({@link dev.tandem.replication.internal.backlog.BacklogExpiry}).
 *
 * <p>Offsets follow Redis exactly: bytes are numbered from 1, {@code master_repl_offset} is the
 * last byte written, a history started at base {@code B} serves {@code PSYNC} offsets from
 * {@code B + 1}.
 */
package dev.tandem.replication.internal.backlog;
