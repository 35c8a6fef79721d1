package dev.tandem.replication.internal.node;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.server.RespServer;
import java.util.Objects;
import java.util.function.Function;

/**
 * The way into a node's internals for Tandem's own modules (the {@code tandem-server} launcher)
 * and tests: its keyspace, its RESP server, its replication context. Deliberately not on
 * {@link ReplicatedKeyspace}, whose public surface is the API; the node installs the accessor
 * when its class initialises (the JDK's "shared secrets" pattern).
 */
public final class NodeInternals {

    /** What a node is made of. */
    public record Parts(Keyspace keyspace, RespServer server, ReplicationContext context) { }

    private static volatile Function<ReplicatedKeyspace, Parts> access;

    private NodeInternals() {
    }

    /** Called once, by {@link ReplicatedKeyspace}'s static initializer. */
    public static void install(Function<ReplicatedKeyspace, Parts> accessor) {
        if (access != null) {
            throw new IllegalStateException("node internals are installed once");
        }
        access = Objects.requireNonNull(accessor, "accessor");
    }

    public static Parts of(ReplicatedKeyspace node) {
        // The node exists, so its class initialised and installed the accessor.
        return access.apply(Objects.requireNonNull(node, "node"));
    }

    public static Keyspace keyspace(ReplicatedKeyspace node) {
        return of(node).keyspace();
    }

    public static RespServer server(ReplicatedKeyspace node) {
        return of(node).server();
    }
}
