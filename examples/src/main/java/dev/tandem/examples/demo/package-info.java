/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The demo ({@code tandem-demo.jar}): {@link dev.tandem.examples.demo.ReplicationDemo} narrates a
 * master and two replicas through sync, a cut link healed by a partial resync, and a failover
 * with PSYNC2, and returns what it observed as a {@link dev.tandem.examples.demo.DemoResult}.
 */
package dev.tandem.examples.demo;
