/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.role;

import dev.tandem.core.internal.ExpiryMode;
import dev.tandem.core.internal.PropagationSink;
import dev.tandem.replication.Role;
import dev.tandem.replication.internal.replica.ReplicaLink;
import java.util.Objects;

/**
 * A replica following the master at the other end of {@code link}. Its stream is its master's
 * exact bytes (the link appends them), so local writes propagate nothing ({@code sink}); it never
 * expires keys itself.
 */
public record ReplicaRole(ReplicaLink link, PropagationSink sink) implements NodeRole {

    public ReplicaRole {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(sink, "sink");
    }

    @Override
    public Role kind() {
        return Role.REPLICA;
    }

    @Override
    public ExpiryMode expiryMode() {
        return ExpiryMode.REPLICA;
    }

    @Override
    public boolean servesSubReplicas() {
        return link.isUp();
    }
}
