/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Loading RDBs into a keyspace: {@link dev.tandem.rdb.internal.load.KeyspaceLoader} builds core values
 * from reader events into a {@link dev.tandem.core.snapshot.DatasetTarget}; the value assembly itself
 * is {@link dev.tandem.rdb.internal.load.CoreValueAssembler}, which other consumers (the rewriter) reuse.
 */
package dev.tandem.rdb.internal.load;
