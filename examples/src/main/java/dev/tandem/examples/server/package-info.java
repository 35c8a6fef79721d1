/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * {@code tandem-server}: a launcher used like {@code redis-server}. {@link
 * dev.tandem.examples.server.TandemServer} runs the steps in order: {@link
 * dev.tandem.examples.server.ConfigFileLoader} reads {@code redis.conf} and command-line
 * directives with Redis 7.0's grammar and wording into a {@link
 * dev.tandem.examples.server.LauncherConfig}; {@code LoggingSetup} makes slf4j-simple write
 * Redis-like lines; {@code NodeLauncher} starts the node the configuration describes;
 * {@code SignalHandlers} and the {@code SHUTDOWN} handler ask {@code ServerShutdown} to close it,
 * once, on the main thread, which then exits with status 0.
 */
package dev.tandem.examples.server;
