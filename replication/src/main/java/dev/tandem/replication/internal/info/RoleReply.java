/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.info;

import dev.tandem.replication.ReplicaLinkState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The data of a {@code ROLE} reply (reference §13); encoding to RESP happens elsewhere.
 * {@link #toElements()} gives the exact element types: {@link String} = bulk string,
 * {@link Long} = integer, {@link List} = array.
 */
public sealed interface RoleReply permits RoleReply.Master, RoleReply.Replica {

    /** The reply as nested lists of bulk strings ({@code String}), integers ({@code Long}) and arrays ({@code List}). */
    List<Object> toElements();

    /** One online replica of a master: ip, port and ack offset, all sent as bulk strings. */
    record ReplicaEntry(String ip, int port, long ackOffset) {
        public ReplicaEntry {
            Objects.requireNonNull(ip, "ip");
        }
    }

    /** {@code ["master", <offset>, [[ip, port, offset], ...]]}: online replicas only. */
    record Master(long masterReplOffset, List<ReplicaEntry> replicas) implements RoleReply {
        public Master {
            replicas = List.copyOf(replicas);
        }

        @Override
        public List<Object> toElements() {
            List<Object> entries = new ArrayList<>(replicas.size());
            for (ReplicaEntry r : replicas) {
                entries.add(List.of(r.ip(), Integer.toString(r.port()), Long.toString(r.ackOffset())));
            }
            return List.of("master", masterReplOffset, List.copyOf(entries));
        }
    }

    /** {@code ["slave", host, port, state, offset]}; offset is -1 without a master connection. */
    record Replica(String masterHost, int masterPort, ReplicaLinkState state, long offset) implements RoleReply {
        public Replica {
            Objects.requireNonNull(masterHost, "masterHost");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public List<Object> toElements() {
            return List.of("slave", masterHost, (long) masterPort, state.roleName(), offset);
        }
    }
}
