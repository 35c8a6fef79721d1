/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Full-sync payload framing: the replica-side push parser and Netty handler for
 * {@code $<len>} and {@code $EOF:<mark>} payloads, delivering retained slices to an
 * {@link dev.tandem.replication.internal.sync.RdbPayloadSink} and leaving the command stream that follows
 * in the pipeline; and the master-side {@link dev.tandem.replication.internal.sync.RdbPayloadFramer}.
 */
package dev.tandem.replication.internal.sync;
