/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Delayed replicas ({@code replica-delay}, issue #19): the pending stream a replica received and
 * has not applied yet ({@code PendingStream}, with
 * its {@code SpillFile} beyond
 * {@code replica-delay-buffer-memory}), and the controller that applies each unit once its
 * receive time plus the delay has passed, on the node's scheduler and clock, and serves the
 * operator's controls ({@link dev.tandem.replication.internal.replica.delay.DelayController},
 * {@code REPLDELAY}). See {@code docs/delayed-replicas.md}.
 */
package dev.tandem.replication.internal.replica.delay;
