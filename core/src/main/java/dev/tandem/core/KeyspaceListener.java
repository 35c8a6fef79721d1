/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core;

/**
 * Observes changes to a {@link dev.tandem.core.internal.Keyspace keyspace}, in the order they entered the replication stream.
 *
 * <p>Events are dispatched after the write lock is released, by whichever writing thread
 * wins the keyspace's dispatch lock, one event at a time and never concurrently: listeners
 * therefore see strictly ordered events but run on arbitrary threads, and a slow listener delays
 * the writer that happens to dispatch. Listeners may read the keyspace; they must not throw
 * (an exception is caught and logged at WARNING through the {@code System.Logger} named
 * {@code dev.tandem.core.internal.Keyspace}, so that it cannot break the writer or the other
 * listeners).
 */
@FunctionalInterface
public interface KeyspaceListener {
    void onChange(ChangeEvent event);
}
