/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.role;

import dev.tandem.core.internal.ExpiryMode;
import dev.tandem.core.internal.PropagationSink;
import dev.tandem.replication.Role;
import java.util.Objects;

/** A master: its writes enter its own replication stream; it expires keys itself. */
public record MasterRole(PropagationSink sink) implements NodeRole {

    public MasterRole {
        Objects.requireNonNull(sink, "sink");
    }

    @Override
    public Role kind() {
        return Role.MASTER;
    }

    @Override
    public ExpiryMode expiryMode() {
        return ExpiryMode.MASTER;
    }

    @Override
    public boolean servesSubReplicas() {
        return true;
    }
}
