/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.role;

import dev.tandem.core.internal.Keyspace;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's current {@link NodeRole} and its one checked transition.
 *
 * <p>Legal transitions: master → replica ({@code REPLICAOF host port}), replica → replica with
 * another link (re-pointing), replica → master ({@code REPLICAOF NO ONE}). A master → master
 * "transition" is a caller's bug (promoting a master is a no-op decided before), and so is
 * re-installing the same link.
 *
 * <p>Threading: {@link #current()} may be read anywhere (volatile). {@link #transition} runs
 * under the keyspace write lock, which it checks: that lock orders writes with the role, so a
 * write that passed the {@link WritePolicy} under the lock runs and propagates in the role that
 * let it through.
 */
public final class NodeRoles {

    private static final Logger log = LoggerFactory.getLogger(NodeRoles.class);

    private final String nodeName;
    private final Keyspace keyspace;
    private volatile NodeRole current;

    /** Starts as {@code initial} (a master), installing its sink and expiry mode. */
    public NodeRoles(String nodeName, Keyspace keyspace, MasterRole initial) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.keyspace = Objects.requireNonNull(keyspace, "keyspace");
        this.current = Objects.requireNonNull(initial, "initial");
        install(initial);
    }

    public NodeRole current() {
        return current;
    }

    /**
     * Switches to {@code next}; returns the role it replaced.
     *
     * @throws IllegalStateException when the caller does not hold the keyspace write lock, or the
     *         transition is not one of the legal ones
     */
    public NodeRole transition(NodeRole next) {
        Objects.requireNonNull(next, "next");
        if (!keyspace.lock().isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("role transitions run under the keyspace write lock");
        }
        NodeRole before = current;
        requireLegal(before, next);
        install(next);
        current = next;
        log.debug("node {}: role {} -> {}", nodeName, describe(before), describe(next));
        return before;
    }

    private static void requireLegal(NodeRole from, NodeRole to) {
        boolean legal = from instanceof MasterRole
                ? to instanceof ReplicaRole
                : to instanceof MasterRole || to instanceof ReplicaRole next && next.link() != ((ReplicaRole) from).link();
        if (!legal) {
            throw new IllegalStateException("illegal role transition " + describe(from) + " -> " + describe(to));
        }
    }

    private void install(NodeRole role) {
        keyspace.propagationSink(role.sink());
        keyspace.expiryMode(role.expiryMode());
    }

    private static String describe(NodeRole role) {
        return role instanceof ReplicaRole r ? "replica of " + r.link().masterName() : "master";
    }
}
