/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.reply.Reply;
import java.util.Objects;

/** The replication layer's answer to {@code PSYNC}/{@code SYNC}: take the connection over, or refuse. */
public sealed interface SyncHandoff permits SyncHandoff.Accepted, SyncHandoff.Refused {

    /** The connection is now a replica link; later requests on it go to {@code listener}. */
    record Accepted(ReplicaLinkListener listener) implements SyncHandoff {
        public Accepted {
            Objects.requireNonNull(listener, "listener");
        }
    }

    /** The sync is refused with {@code reply} (an error); the connection stays a normal client. */
    record Refused(Reply reply) implements SyncHandoff {
        public Refused {
            Objects.requireNonNull(reply, "reply");
        }
    }
}
