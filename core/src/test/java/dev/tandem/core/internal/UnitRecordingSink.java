/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import java.util.ArrayList;
import java.util.List;

/** A propagation sink that keeps each execution unit separate (to check what is wrapped). */
final class UnitRecordingSink implements PropagationSink {
    final List<List<String>> units = new ArrayList<>();
    private long offset;

    @Override
    public long propagate(List<Propagated> commands) {
        units.add(commands.stream().map(p -> "db" + p.db() + ":" + p.render()).toList());
        offset += commands.size();
        return offset;
    }

    @Override
    public long offset() {
        return offset;
    }
}
