package dev.tandem.benchmarks.e2e;

import dev.tandem.replication.ReplicatedKeyspace;
import java.io.IOException;

/**
 * A Tandem node in a JVM of its own, for scenarios that must keep one node out of the
 * harness's heap (the master's memory in scenario 2). It listens on an ephemeral loopback port
 * with the harness's replication settings, prints {@code LISTENING <port>} on stdout, and runs
 * until its stdin closes (the harness closes it, or dies).
 *
 * <p>{@code java -cp tandem-benchmarks.jar dev.tandem.benchmarks.e2e.TandemNodeMain [name]}
 */
public final class TandemNodeMain {
    static final String READY_PREFIX = "LISTENING ";

    private TandemNodeMain() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String name = args.length > 0 ? args[0] : "tandem-child";
        try (ReplicatedKeyspace node = Nodes.tandem(name)) {
            System.out.println(READY_PREFIX + node.port());
            System.out.flush();
            // Block until the parent closes our stdin: a dead harness never leaves a node behind.
            while (System.in.read() >= 0) {
                // input is ignored
            }
        }
    }
}
