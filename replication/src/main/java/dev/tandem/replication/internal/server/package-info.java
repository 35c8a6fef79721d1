/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The RESP command server of a Tandem node: ordinary Redis clients and tools (redis-cli, Jedis,
 * Lettuce, redis-benchmark) talk to an embedded master or replica on the same listener that
 * replication uses.
 *
 * <h2>Structure</h2>
 * <ul>
 *   <li>{@link dev.tandem.replication.internal.server.RespServer}: the facade; its
 *       {@code channelInitializer()} installs {@code RespCommandDecoder} + a per-connection
 *       {@code ClientConnectionHandler} on any channel type (the transport layer binds).</li>
 *   <li>{@code ClientConnectionHandler}: the request loop with explicit states (running, paused
 *       for writability or a deferred WAIT reply, replica link, closing); replies of a read batch
 *       go into one pooled buffer flushed once per batch.</li>
 *   <li>{@code CommandDispatcher}: Redis 7.0's processCommand checks in order (unknown, arity,
 *       NOAUTH, READONLY, MASTERDOWN, LOADING, MULTI queueing), then runs server commands itself
 *       and everything else in the keyspace.</li>
 *   <li>Commands by concern: {@code ConnectionCommands}, {@code ClientCommand},
 *       {@code ConfigCommand}, {@code InfoCommand}, {@code CommandCommand}, {@code DebugCommand},
 *       {@code ShutdownCommand} (refused unless a {@code ShutdownHandler} is installed),
 *       {@code ReplicationCommands}. SELECT is core's ({@code SelectCommand}), in the keyspace's
 *       table so it takes effect in queue order inside EXEC; the server only routes it there
 *       ({@link dev.tandem.replication.internal.server.ServerKeyspaceCommands}).</li>
 *   <li>{@link dev.tandem.replication.internal.server.ReplicationHooks}: everything the replication layer
 *       answers (role, INFO replication, READONLY/MASTERDOWN/LOADING state, REPLICAOF, WAIT,
 *       REPLCONF, the PSYNC/SYNC hand-off, replication CONFIG directives).</li>
 * </ul>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>The node reports {@code redis_version:7.0.15} (HELLO, INFO): the version whose behaviour
 *       Tandem reproduces, so tools enable exactly the features that work; INFO also says
 *       {@code server_name:tandem}.</li>
 *   <li>Server commands queued inside MULTI (INFO, CLIENT, CONFIG, PING, WAIT, ...) run right
 *       after the keyspace executed the transaction's data commands atomically; their replies are
 *       spliced into EXEC's array in queue order. SELECT is in the keyspace's table and keeps its
 *       exact position.</li>
 *   <li>Back-pressure: when a client's channel is not writable the server stops reading from it
 *       and parks already decoded requests, so a client that does not read its replies holds at
 *       most about one read batch of requests and the channel's high-water mark of replies.
 *       {@code client-output-buffer-limit normal/pubsub} is enforced on top (default normal
 *       {@code 0 0 0}); a connection with a subscription is of the pubsub class.</li>
 *   <li>Pub/sub: subscribe commands here ({@code PubSubCommands}); messages are push frames
 *       appended to a subscriber's batch on its own event loop ({@code ClientPubSub}).</li>
 *   <li>PSYNC/SYNC: replies to earlier pipelined commands are written first, then the channel is
 *       handed over (Redis instead refuses a PSYNC with pending output).</li>
 *   <li>ACL users ({@code internal.acl}, the ACL command in {@code AclCommand}): the dispatcher
 *       checks the command, its keys and channels after authentication; protected mode refuses
 *       non-loopback TCP peers while the default user has no password.</li>
 * </ul>
 */
package dev.tandem.replication.internal.server;
