/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Tandem's {@code examples} module: {@link dev.tandem.examples.QuickStart} (README's quick start),
 * the demo ({@code demo}), a read replica embedded in an application ({@code replica}) and the
 * {@code tandem-server} launcher ({@code server}).
 */
package dev.tandem.examples;
