/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a Tandem master and replicas in the test's JVM and injects them as a
 * {@link TestCluster} parameter; stops them after and fails the test if a node left a thread,
 * a port or an event loop behind.
 *
 * <pre>{@code
 * @TandemCluster(replicas = 2)
 * class CacheTest {
 *     @Test
 *     void replicates(TestCluster cluster) {
 *         cluster.master().set("k", "v");
 *         cluster.awaitConverged();
 *         assertEquals("v", cluster.replica(1).get("k"));
 *     }
 * }
 * }</pre>
 *
 * <p>On a class, every test method (and {@code @BeforeEach}/{@code @AfterEach} method) may take
 * the {@link TestCluster}; with {@link Lifecycle#PER_CLASS} so may {@code @BeforeAll} and
 * {@code @AfterAll} methods. On a method, it applies to that method alone (per method), and
 * overrides the class's.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(TandemClusterExtension.class)
public @interface TandemCluster {

    /** How many Tandem replicas replicate from the master (0 or more). */
    int replicas() default 1;

    /** How the nodes talk. */
    Transport transport() default Transport.LOCAL;

    /** When the nodes start and stop. */
    Lifecycle lifecycle() default Lifecycle.PER_METHOD;

    /**
     * Settings of the master, one {@code redis.conf} line each ({@code "repl-backlog-size 16kb"}:
     * the directive, a space, the value). They go to the Tandem master's builder, or to the
     * {@code redis-server} master's command line.
     */
    String[] masterConfig() default {};

    /** Settings of every Tandem replica, one {@code redis.conf} line each, as {@link #masterConfig()}. */
    String[] replicaConfig() default {};

    /** A real {@code redis-server} in the cluster, for interop tests; none by default. */
    RedisServer redisServer() default RedisServer.NONE;

    /** How the nodes talk. */
    enum Transport {
        /** In-JVM channels: no ports, no sockets; the fastest. */
        LOCAL,
        /** TCP on ephemeral loopback ports: the nodes can be reached by Redis clients and tools. */
        TCP
    }

    /** When the nodes start and stop. */
    enum Lifecycle {
        /**
         * Fresh nodes for every test method, stopped and leak-checked after it.
         */
        PER_METHOD,
        /**
         * One set of nodes for every test of the class, stopped and leak-checked after the
         * last; data stays from one test to the next, link faults are healed after each test.
         */
        PER_CLASS
    }

    /**
     * A real {@code redis-server} (from the PATH) next to the Tandem nodes; needs
     * {@link Transport#TCP}. Without {@code redis-server} on the PATH the tests are reported as
     * skipped, with the reason; under {@code CI=true} they fail instead.
     */
    enum RedisServer {
        /** Tandem nodes only. */
        NONE,
        /**
         * The master is a {@code redis-server} ({@link TestCluster#redis()}); the
         * {@link TandemCluster#replicas()} Tandem replicas replicate from it and
         * {@link TestCluster#master()} is not available.
         */
        MASTER,
        /** A {@code redis-server} replicates from the Tandem master, beside the Tandem replicas. */
        REPLICA
    }
}
