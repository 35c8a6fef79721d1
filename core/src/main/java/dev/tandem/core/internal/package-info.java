/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/** Tandem's {@code core} module; see docs/architecture.md. */
package dev.tandem.core.internal;
