/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

/**
 * A node's replication position and data set taken at one point of its stream, atomically: no
 * write, role change or applied command of the master falls between reading the id, the offset
 * and the digest. Two nodes that agree on {@code replid} and {@code offset} must agree on
 * {@code digest} — the invariant that tests of replication check ({@link ReplicatedKeyspace#sample()}).
 *
 * @param role   master or replica when sampled
 * @param replid {@code master_replid}: the history the offset belongs to
 * @param offset {@code master_repl_offset}
 * @param digest {@code DEBUG DIGEST} of the whole data set (40 hex digits, Redis's algorithm)
 */
public record ReplicationSample(Role role, ReplicationId replid, long offset, String digest) { }
