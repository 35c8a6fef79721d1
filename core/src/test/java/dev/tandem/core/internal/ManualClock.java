/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.KeyspaceClock;

/** A clock tests move by hand. */
public final class ManualClock implements KeyspaceClock {
    private volatile long now;

    public ManualClock(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    public void advance(long millis) {
        now += millis;
    }

    public void set(long millis) {
        now = millis;
    }
}
