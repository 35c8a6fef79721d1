/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * RDB persistence of a node (issue #16): saving the data set to {@code dir/dbfilename} with a
 * forkless snapshot ({@link dev.tandem.replication.internal.persistence.RdbSaveJob}), the save
 * rules, {@code BGSAVE} on a thread of its own and the state {@code INFO persistence} reports
 * ({@link dev.tandem.replication.internal.persistence.RdbPersistence}), and loading the file at
 * start with the replication id and offset it carries
 * ({@link dev.tandem.replication.internal.persistence.RdbFileLoad}).
 */
package dev.tandem.replication.internal.persistence;
