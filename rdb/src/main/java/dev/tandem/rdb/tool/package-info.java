/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/** The {@code rdb} command-line tool: {@code dump} (JSON Lines) and {@code check} (validation summary). */
package dev.tandem.rdb.tool;
