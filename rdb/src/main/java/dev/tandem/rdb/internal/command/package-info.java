/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Data commands that need the RDB value codec, registered into core's command table by the
 * node that builds it: {@link dev.tandem.rdb.internal.command.DumpRestoreCommands}.
 */
package dev.tandem.rdb.internal.command;
