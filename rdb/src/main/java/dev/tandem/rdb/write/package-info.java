/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The RDB writer: {@link dev.tandem.rdb.write.RdbSnapshotWriter} turns a forkless keyspace
 * snapshot into RDB bytes in chunks ({@link dev.tandem.rdb.write.RdbWriterOptions}: version 9
 * by default, which every Redis from 5.0 on loads; version 10 for Redis 7.0's compact
 * encodings), and {@link dev.tandem.rdb.write.RdbRewriter} rewrites any RDB as version 9.
 */
package dev.tandem.rdb.write;
