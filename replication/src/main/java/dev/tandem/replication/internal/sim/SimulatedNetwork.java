/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sim;

import dev.tandem.replication.internal.NodeRuntime;
import dev.tandem.replication.spi.PipelineDecorator;
import dev.tandem.replication.spi.TransportOptions;
import dev.tandem.replication.transport.LocalTransport;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A deterministic network of nodes in one JVM: one {@link SimulatedEventLoop} with a virtual
 * clock runs every node's channels, timers, snapshot steps and event deliveries; every node gets
 * a {@link LocalTransport} on that loop ({@link #transport}) and a {@link NodeRuntime} whose
 * clocks are the virtual one and whose random sources are seeded from the network's seed
 * ({@link #runtime}). The test thread is the driver: it calls the nodes' API between turns of
 * the loop and lets time pass with {@link #runFor}. Nothing else runs, so a run is a function of
 * the seed and of what the driver does, byte for byte.
 *
 * <h2>Faults</h2>
 * A link is a replica's connection to its upstream, named {@code "<replica>-><upstream>"} after
 * the nodes' endpoint names. The driver can {@link #cut} it (its connections close), {@link
 * #stall} it in one or both directions (bytes are held, in order) and {@link #refuse} new
 * connections on it (an outage), then {@link #heal} it. Faults are per link name, so they also
 * apply to the connections the replica makes next, until healed.
 *
 * <h2>Observation</h2>
 * Every byte that crosses a link, in either direction, is reported to the {@link LinkObserver}
 * at the moment it is delivered (held bytes when they are released).
 */
public final class SimulatedNetwork implements AutoCloseable {

    /** A link's two directions: toward the upstream (the replica's commands, ACKs) and back. */
    public enum Direction { UPSTREAM, DOWNSTREAM }

    /** Sees every byte delivered on every link (on the loop, in delivery order). */
    @FunctionalInterface
    public interface LinkObserver {
        void delivered(String link, Direction direction, ByteBuf bytes);
    }

    /** Unix milliseconds of virtual time zero: a fixed date, so that absolute TTLs replay too. */
    public static final long EPOCH_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    /** The faults of one link, and its live connections. */
    static final class Link {
        private final Set<Direction> stalled = EnumSet.noneOf(Direction.class);
        private final List<LinkFaults> connections = new ArrayList<>();
        private boolean refusing;

        boolean stalled(Direction direction) {
            return stalled.contains(direction);
        }

        boolean refusing() {
            return refusing;
        }
    }

    private final long seed;
    private final SimulatedEventLoop loop;
    /** In first-use order. Touched on the loop, or by the driver while the loop is parked. */
    private final Map<String, Link> links = new LinkedHashMap<>();
    private volatile LinkObserver observer = (link, direction, bytes) -> { };

    public SimulatedNetwork(long seed) {
        this.seed = seed;
        this.loop = new SimulatedEventLoop("dsim-" + seed);
    }

    public long seed() {
        return seed;
    }

    /** A transport for node {@code nodeName}: its channels on the shared loop, its links faultable. */
    public LocalTransport transport(String nodeName) {
        PipelineDecorator faults = (channel, side) -> {
            if (side == PipelineDecorator.Side.CLIENT) {
                channel.pipeline().addLast("dsim-link", new LinkFaults(this, nodeName));
            }
        };
        return LocalTransport.onSharedLoop(loop,
                TransportOptions.defaults().withThreadNamePrefix(nodeName).withDecorator(faults));
    }

    /** The runtime of node {@code nodeName}: the shared loop, virtual clocks, seeded random sources. */
    public NodeRuntime runtime(String nodeName) {
        return new SimulatedNodeRuntime(loop, seed, nodeName, this::wallClockMillis);
    }

    /** Virtual Unix milliseconds (key expiry, RDB {@code ctime}). */
    public long wallClockMillis() {
        return EPOCH_MILLIS + TimeUnit.NANOSECONDS.toMillis(loop.elapsedNanos());
    }

    /** {@link #wallClockMillis()} as a supplier. */
    public LongSupplier wallClock() {
        return this::wallClockMillis;
    }

    /** Virtual milliseconds since the network was made. */
    public long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(loop.elapsedNanos());
    }

    public void observer(LinkObserver value) {
        this.observer = Objects.requireNonNull(value, "observer");
    }

    // ------------------------------------------------------------------ driving

    /** Runs every task queued or due now, and what they queue. */
    public void runUntilIdle() {
        loop.runUntilIdle();
    }

    /** Lets {@code duration} of virtual time pass, running every timer that falls due. */
    public void runFor(Duration duration) {
        loop.runFor(duration);
    }

    /** Runs a driver call that waits for the loop (a node's {@code start()}), then to idle. */
    public void freeRun(Runnable call) {
        loop.freeRun(call);
    }

    // ------------------------------------------------------------------ faults (driver, loop parked)

    /** Closes the link's connections (the replica reconnects as usual). */
    public void cut(String link) {
        for (LinkFaults c : List.copyOf(link(link).connections)) {
            loop.execute(c::cut);
        }
    }

    /** Holds the link's bytes in {@code directions} (none given: both) until {@link #heal}. */
    public void stall(String link, Direction... directions) {
        Link l = link(link);
        if (directions.length == 0) {
            l.stalled.addAll(EnumSet.allOf(Direction.class));
        } else {
            l.stalled.addAll(List.of(directions));
        }
    }

    /** New connections on the link close as soon as they connect (an outage), until {@link #heal}. */
    public void refuse(String link) {
        link(link).refusing = true;
    }

    /** Ends every fault of the link; held bytes go through, in order. */
    public void heal(String link) {
        Link l = link(link);
        l.stalled.clear();
        l.refusing = false;
        for (LinkFaults c : List.copyOf(l.connections)) {
            loop.execute(c::release);
        }
    }

    /** Heals every link. */
    public void healAll() {
        for (String name : List.copyOf(links.keySet())) {
            heal(name);
        }
    }

    private Link link(String name) {
        return links.computeIfAbsent(name, n -> new Link());
    }

    Link attach(String name, LinkFaults connection) {
        Link l = link(name);
        l.connections.add(connection);
        return l;
    }

    void detach(String name, LinkFaults connection) {
        Link l = links.get(name);
        if (l != null) {
            l.connections.remove(connection);
        }
    }

    void delivered(String link, Direction direction, ByteBuf bytes) {
        observer.delivered(link, direction, bytes);
    }

    /** Shuts the loop down; close the nodes first. */
    @Override
    public void close() {
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        loop.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
