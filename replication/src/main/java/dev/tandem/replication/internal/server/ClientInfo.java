/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.Optional;

/** What the server tells others (e.g. the replication layer) about one client connection. */
public interface ClientInfo {

    /** The connection's unique id ({@code CLIENT ID}). */
    long id();

    /** The peer's address as Redis prints it ({@code ip:port}, or the local channel's name). */
    String address();

    /** The local address of the connection ({@code laddr}). */
    String localAddress();

    /** The name set with {@code CLIENT SETNAME} or {@code HELLO ... SETNAME}. */
    Optional<String> name();

    ClientKind kind();
}
