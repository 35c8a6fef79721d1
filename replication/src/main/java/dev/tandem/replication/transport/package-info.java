/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The transport SPI: which Netty channel types, event loops and pipeline decorations carry the
 * replication protocol. {@link dev.tandem.replication.transport.TcpTransport} (epoll when
 * available, NIO otherwise) and {@link dev.tandem.replication.transport.LocalTransport}
 * (in-JVM) share {@link dev.tandem.replication.spi.NodeAddress}, so the same handlers
 * run over both.
 */
package dev.tandem.replication.transport;
