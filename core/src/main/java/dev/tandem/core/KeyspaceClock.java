/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core;

/** Unix time in milliseconds; injectable so tests control expiry. */
@FunctionalInterface
public interface KeyspaceClock {
    long nowMillis();

    KeyspaceClock SYSTEM = System::currentTimeMillis;
}
