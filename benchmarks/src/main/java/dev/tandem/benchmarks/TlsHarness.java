/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import dev.tandem.testkit.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * TLS side by side with {@code redis-server --tls-port} (issue #18): {@code redis-benchmark --tls}
 * SET and GET with and without pipelining against a TLS-only Tandem node (in this JVM) and a
 * TLS-only redis-server, then a full sync over TLS (Tandem → Tandem in this JVM; redis-server →
 * redis-server), both diskless. Prints Markdown rows. Not a test: run it by hand.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xmx6g -cp benchmarks/target/tandem-benchmarks.jar dev.tandem.benchmarks.TlsHarness [keys] [requests]
 * </pre>
 */
public final class TlsHarness {

    private TlsHarness() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        Path dir = Files.createTempDirectory("tandem-tls-bench");
        TestCertificates ca = TestCertificates.create(dir);
        TestCertificates.Issued cert = ca.issue("server");
        Map<String, String> tls = new LinkedHashMap<>();
        tls.put("tls-cert-file", cert.cert().toString());
        tls.put("tls-key-file", cert.key().toString());
        tls.put("tls-ca-cert-file", ca.caCert().toString());
        tls.put("tls-auth-clients", "no");
        List<String> redisTls = List.of("--tls-cert-file", cert.cert().toString(), "--tls-key-file",
                cert.key().toString(), "--tls-ca-cert-file", ca.caCert().toString(), "--tls-auth-clients", "no",
                "--tls-replication", "yes", "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0");

        System.out.println("| figure | Tandem | Redis | Tandem / Redis | unit |");
        System.out.println("|---|---|---|---|---|");
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().name("bench-tls").tlsOnly().directives(tls).start()) {
            int redisPort = RedisServerProcess.freeLoopbackPort();
            try (RedisServerProcess redis = RedisServerProcess.start(args(redisPort, redisTls))) {
                for (int pipeline : new int[] {1, 16}) {
                    Map<String, Double> t = benchmark(ca, node.port(), requests * (pipeline == 1 ? 1 : 4), pipeline);
                    Map<String, Double> r = benchmark(ca, redisPort, requests * (pipeline == 1 ? 1 : 4), pipeline);
                    for (String command : List.of("SET", "GET")) {
                        row("redis-benchmark --tls " + command + " -c 50 -P " + pipeline, t.get(command),
                                r.get(command), "requests/s (higher is better)");
                    }
                }
            }
        }

        Map<String, String> tandemReplicaTls = new LinkedHashMap<>(tls);
        tandemReplicaTls.put("tls-replication", "yes");
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("bench-master").tlsOnly().directives(tls)
                     .directive("repl-diskless-sync-delay", "0").start();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("bench-replica").tlsOnly()
                     .directives(tandemReplicaTls).start()) {
            String value = "v".repeat(100);
            for (int i = 0; i < keys; i++) {
                master.set("key:" + i, value);
            }
            long start = System.nanoTime();
            replica.replicaOf("127.0.0.1", master.port());
            long deadline = start + TimeUnit.MINUTES.toNanos(5);
            while (dbsize(replica) < keys) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("Tandem full sync over TLS did not finish within 5 minutes");
                }
                Thread.onSpinWait();
            }
            double tandemSeconds = (System.nanoTime() - start) / 1e9;
            int masterPort = RedisServerProcess.freeLoopbackPort();
            int replicaPort = RedisServerProcess.freeLoopbackPort();
            try (RedisServerProcess redisMaster = RedisServerProcess.start(args(masterPort, redisTls));
                 RedisServerProcess redisReplica = RedisServerProcess.start(args(replicaPort, redisTls));
                 RespClient m = RespClient.connectTls("127.0.0.1", masterPort, ca.trustingContext());
                 RespClient r = RespClient.connectTls("127.0.0.1", replicaPort, ca.trustingContext())) {
                m.call("DEBUG", "POPULATE", Integer.toString(keys), "key", "100");
                long redisStart = System.nanoTime();
                r.call("REPLICAOF", "127.0.0.1", Integer.toString(masterPort));
                long redisDeadline = redisStart + TimeUnit.MINUTES.toNanos(5);
                while (!(r.call("DBSIZE") instanceof Long n && n >= keys)) {
                    if (System.nanoTime() > redisDeadline) {
                        throw new IOException("Redis full sync over TLS did not finish within 5 minutes");
                    }
                }
                double redisSeconds = (System.nanoTime() - redisStart) / 1e9;
                row("full sync over TLS, " + keys + " keys of 100 bytes, diskless", tandemSeconds, redisSeconds,
                        "seconds (lower is better)");
            }
        }
    }

    private static String[] args(int tlsPort, List<String> tls) {
        List<String> all = new ArrayList<>(List.of("--port", "0", "--tls-port", Integer.toString(tlsPort)));
        all.addAll(tls);
        return all.toArray(String[]::new);
    }

    private static long dbsize(ReplicatedKeyspace node) {
        Reply reply = node.execute("DBSIZE".getBytes(StandardCharsets.US_ASCII));
        return reply instanceof Reply.IntegerReply i ? i.value() : -1;
    }

    private static void row(String figure, double tandem, double redis, String unit) {
        System.out.printf("| %s | %,.2f | %,.2f | %.2f | %s |%n", figure, tandem, redis, tandem / redis, unit);
    }

    /** {@code redis-benchmark --tls -t set,get -d 100 -r 100000 -c 50 [-P n] --csv}: requests/s per command. */
    private static Map<String, Double> benchmark(TestCertificates ca, int port, int requests, int pipeline)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "--tls", "--cacert", ca.caCert().toString(),
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-t", "set,get", "-n", Integer.toString(requests),
                "-d", "100", "-r", "100000", "-c", "50", "--csv"));
        if (pipeline > 1) {
            command.addAll(List.of("-P", Integer.toString(pipeline)));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("redis-benchmark did not finish");
        }
        Map<String, Double> results = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.replace("\"", "").split(",");
            if (f.length > 1 && (f[0].equals("SET") || f[0].equals("GET"))) {
                results.put(f[0], Double.parseDouble(f[1]));
            }
        }
        if (results.size() != 2) {
            throw new IOException("redis-benchmark printed no SET/GET results: " + out);
        }
        return results;
    }
}
