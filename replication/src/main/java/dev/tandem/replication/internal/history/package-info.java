/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Replication ids and histories: {@link dev.tandem.replication.ReplicationId},
 * the immutable {@link dev.tandem.replication.internal.history.ReplicationHistory} (replid, replid2,
 * second_repl_offset) with its PSYNC2 transitions, and the pure partial-resync decision
 * ({@link dev.tandem.replication.internal.history.PsyncDecision}).
 */
package dev.tandem.replication.internal.history;
