/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.DatasetDigest;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.rdb.RdbFiles;
import dev.tandem.rdb.internal.load.KeyspaceLoader;
import dev.tandem.testkit.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scenario 6: RDB load and write throughput for the same file. Tandem writes the dataset with
 * {@link RdbFiles#write} (a forkless snapshot to a temporary file, fsync, rename) and loads it
 * with {@link RdbFiles#load} (streaming reader, dataset built aside and swapped in); redis-server
 * starts on that very file (its own "DB loaded from disk" time) and writes the same dataset with
 * {@code SAVE} (fsync, rename too). Digests are compared after loading.
 */
final class RdbScenario implements Scenario {
    private static final Pattern LOAD_TIME = Pattern.compile("DB loaded from disk: ([0-9.]+) seconds");
    private static final Pattern KEYS_LOADED = Pattern.compile("keys loaded: ([0-9]+)");
    private static final double MIB = 1024 * 1024;

    /** Seconds and bytes of one load or write. */
    private record Transfer(double seconds, long bytes, long keys) {
        double mibPerSecond() {
            return bytes / MIB / seconds;
        }

        double keysPerSecond() {
            return keys / seconds;
        }
    }

    @Override
    public int number() {
        return 6;
    }

    @Override
    public String title() {
        return "RDB load and write";
    }

    @Override
    public List<ResultRow> run(HarnessOptions options, Progress progress) throws Exception {
        List<ResultRow> rows = new ArrayList<>();
        Path dir = Files.createTempDirectory("tandem-rdb-bench");
        try {
            // Warm-up: the reader and the writer run once on a small file before measuring.
            tandemRound(Dataset.MIXED, 20_000, dir.resolve("warm-up.rdb"));
            for (Dataset dataset : Dataset.values()) {
                rows.addAll(measure(dataset, options, dir, progress));
            }
        } finally {
            deleteTree(dir);
        }
        return rows;
    }

    private List<ResultRow> measure(Dataset dataset, HarnessOptions options, Path dir, Progress progress) {
        String what = String.format(Locale.ROOT, "%,d keys of %s", options.keys(), dataset.description());
        Path file = dir.resolve("dump-" + dataset.name().toLowerCase(Locale.ROOT) + ".rdb");
        List<Transfer> tandemWrites = new ArrayList<>();
        List<Transfer> tandemLoads = new ArrayList<>();
        List<Transfer> redisLoads = new ArrayList<>();
        List<Transfer> redisWrites = new ArrayList<>();
        String digest;
        try {
            for (int run = 0; run < options.rdbRuns(); run++) {
                Transfer[] round = tandemRound(dataset, options.keys(), file);
                tandemWrites.add(round[0]);
                tandemLoads.add(round[1]);
            }
            digest = tandemDigestOf(file);
            progress.log("RDB %s: Tandem write %.3f s, load %.3f s, %,d bytes", what,
                    tandemWrites.get(0).seconds(), tandemLoads.get(0).seconds(), tandemWrites.get(0).bytes());
        } catch (Exception e) {
            return List.of(ResultRow.failed("6", "RDB " + what, "tandem", e));
        }
        try {
            for (int run = 0; run < options.rdbRuns(); run++) {
                Transfer[] round = redisRound(file, options.keys(), digest, dir);
                redisLoads.add(round[0]);
                redisWrites.add(round[1]);
            }
            progress.log("RDB %s: Redis load %.3f s, write %.3f s", what, redisLoads.get(0).seconds(),
                    redisWrites.get(0).seconds());
        } catch (Exception e) {
            return List.of(ResultRow.failed("6", "RDB " + what, "redis", e));
        }
        Transfer tandemLoad = median(tandemLoads);
        Transfer redisLoad = median(redisLoads);
        Transfer tandemWrite = median(tandemWrites);
        Transfer redisWrite = median(redisWrites);
        String runs = options.rdbRuns() == 1 ? "one run" : "median of " + options.rdbRuns();
        return List.of(
                ResultRow.of("6", "RDB load, " + what, tandemLoad.mibPerSecond(), redisLoad.mibPerSecond(), "MiB/s",
                        ResultRow.Better.HIGHER, String.format(Locale.ROOT,
                                "%s; same %.1f MiB file (written by Tandem); keys/s: Tandem %,.0f, Redis %,.0f; "
                                        + "Redis: its \"DB loaded from disk\" time; digests equal",
                                runs, tandemLoad.bytes() / MIB, tandemLoad.keysPerSecond(),
                                redisLoad.keysPerSecond())),
                ResultRow.of("6", "RDB write, " + what, tandemWrite.mibPerSecond(), redisWrite.mibPerSecond(),
                        "MiB/s", ResultRow.Better.HIGHER, String.format(Locale.ROOT,
                                "%s; Tandem RdbFiles.write %.1f MiB, Redis SAVE %.1f MiB (both fsync + rename); "
                                        + "keys/s: Tandem %,.0f, Redis %,.0f",
                                runs, tandemWrite.bytes() / MIB, redisWrite.bytes() / MIB,
                                tandemWrite.keysPerSecond(), redisWrite.keysPerSecond())));
    }

    /** Builds the dataset in a keyspace, writes it to {@code file}, loads it back: [write, load]. */
    private static Transfer[] tandemRound(Dataset dataset, int keys, Path file) throws IOException {
        Transfer write;
        {
            Keyspace source = new Keyspace();
            ClientState client = ClientState.client();
            for (int i = 0; i < keys; i++) {
                source.execute(client, dataset.command(i));
            }
            long start = System.nanoTime();
            RdbFiles.WriteResult result = RdbFiles.write(source, file);
            write = new Transfer((System.nanoTime() - start) / 1e9, result.bytes(), result.keys());
            if (result.keys() != keys) {
                throw new IOException("wrote " + result.keys() + " keys, expected " + keys);
            }
        }
        System.gc();
        Keyspace target = new Keyspace();
        long start = System.nanoTime();
        KeyspaceLoader loader = RdbFiles.load(file, target);
        Transfer load = new Transfer((System.nanoTime() - start) / 1e9, Files.size(file), loader.keysLoaded());
        if (loader.keysLoaded() != keys || target.database(0).size() != keys) {
            throw new IOException("loaded " + loader.keysLoaded() + " keys, expected " + keys);
        }
        System.gc();
        return new Transfer[] {write, load};
    }

    private static String tandemDigestOf(Path file) throws IOException {
        Keyspace keyspace = new Keyspace();
        RdbFiles.load(file, keyspace);
        return DatasetDigest.of(keyspace);
    }

    /**
     * Starts redis-server on a copy of {@code file} (in a directory of its own), then makes it
     * {@code SAVE} over that copy: [load, write].
     */
    private static Transfer[] redisRound(Path file, int keys, String digest, Path dir) throws Exception {
        Path redisDir = Files.createTempDirectory(dir, "redis-");
        Path copy = Files.copy(file, redisDir.resolve("dump.rdb"));
        try (RedisServerProcess redis = Nodes.redis("--dir", redisDir.toString(), "--dbfilename", "dump.rdb");
             NodeClient client = NodeClient.connect(redis.port())) {
            double loadSeconds = Double.NaN;
            long loaded = -1;
            for (String line : redis.log()) {
                Matcher time = LOAD_TIME.matcher(line);
                if (time.find()) {
                    loadSeconds = Double.parseDouble(time.group(1));
                }
                Matcher count = KEYS_LOADED.matcher(line);
                if (count.find()) {
                    loaded = Long.parseLong(count.group(1));
                }
            }
            if (Double.isNaN(loadSeconds) || loaded != keys) {
                throw new IOException("redis-server did not report loading " + keys + " keys: " + redis.log());
            }
            String redisDigest = client.digest();
            if (!redisDigest.equals(digest)) {
                throw new IOException("redis-server's digest " + redisDigest + " differs from Tandem's " + digest);
            }
            Transfer load = new Transfer(loadSeconds, Files.size(copy), loaded);
            long start = System.nanoTime();
            client.call("SAVE");
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Transfer[] {load, new Transfer(seconds, Files.size(copy), keys)};
        }
    }

    private static Transfer median(List<Transfer> transfers) {
        List<Transfer> sorted = new ArrayList<>(transfers);
        sorted.sort(Comparator.comparingDouble(Transfer::seconds));
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
