/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Tandem's {@code rdb} module: a streaming reader for Redis RDB files of every version 1–12
 * (Redis ≤ 2.4 through 7.4), the low-level codecs an RDB writer needs, and the {@code rdb}
 * command-line tool.
 *
 * <ul>
 *   <li>{@link dev.tandem.rdb.RdbReader} — push-style reader: feed bytes as they arrive,
 *       receive {@link dev.tandem.rdb.RdbVisitor} events; bounded memory, batches for large
 *       collections, specific {@link dev.tandem.rdb.RdbFormatException}s with byte offsets.</li>
 *   <li>{@link dev.tandem.rdb.RdbCollector} — adapter assembling whole {@link dev.tandem.rdb.RdbValue}s;
 *       {@link dev.tandem.rdb.DuplicateKeyDetector} — fails on a key repeated within a db.</li>
 *   <li>{@link dev.tandem.rdb.internal.codec} — CRC-64, LZF, length encoding, listpack, ziplist,
 *       intset and zipmap codecs.</li>
 *   <li>{@link dev.tandem.rdb.tool.RdbTool} — {@code rdb dump FILE} / {@code rdb check FILE}.</li>
 * </ul>
 *
 * The format facts behind this code are in {@code shared/reference/rdb-format.md}.
 */
package dev.tandem.rdb;
