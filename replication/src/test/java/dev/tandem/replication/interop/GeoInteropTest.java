/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Geo against a real redis-server 7.0 (issue #15). Differential: the same random points and
 * the same random searches (radius and box, from coordinates and from members, every unit, ASC,
 * DESC, COUNT, ANY, WITHDIST/WITHHASH/WITHCOORD, near the poles and the antimeridian) give the
 * same replies byte for byte, member order included. Over replication: GEOADD (sent as the ZADD
 * it runs) and the storing searches (sent verbatim and repeated by the replica) leave a Redis
 * master and a Tandem replica, and a Tandem master and a Redis replica, on the same digest.
 *
 * <p>Known difference, left out of the digests: a STOREDIST result keeps each distance as a
 * full double, and glibc's trigonometric functions differ from correctly rounded ones (Tandem's)
 * in the last bit for about 0.1% of arguments, so a stored distance can differ from Redis's by an
 * ulp or a few
 * (checked here to 1e-12 relative). A replica that repeats its master's STOREDIST search can
 * therefore hold a slightly different value: see docs/compatibility.md.
 */
@Tag("interop")
@RequiresRedis
class GeoInteropTest {
    private static final String[] UNITS = {"m", "km", "mi", "ft", "KM"};

    @Test
    void sameSearchesGiveSameReplies() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RespClient r = redis.client();
             ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start();
             RespClient t = Interop.client(tandem)) {
            SplittableRandom random = new SplittableRandom(15);
            for (String[] argv : points(random, 1500)) {
                assertEquals(RespClient.describe(r.call(argv)), RespClient.describe(t.call(argv)),
                        String.join(" ", argv));
            }
            for (int i = 0; i < 3000; i++) {
                String[] query = query(random, true);
                assertEquals(RespClient.describe(r.call(query)), RespClient.describe(t.call(query)),
                        String.join(" ", query));
                if (query[0].startsWith("GEO") && String.join(" ", query).contains("STOREDIST")) {
                    assertSameDistances(r, t, query);
                }
            }
            for (String dst : List.of("dst0", "dst1", "dst2")) {
                r.call("DEL", dst); // STOREDIST results differ in last bits (see assertSameDistances)
                t.call("DEL", dst);
            }
            assertEquals(Interop.digest(r), tandem.digest());
        }
    }

    @Test
    void tandemReplicaAppliesARedisMastersGeoWrites() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient master = redis.client()) {
            SplittableRandom random = new SplittableRandom(1);
            run(master, points(random, 300));
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder()
                    .replicaOf("127.0.0.1", redis.port()).start()) {
                Interop.awaitSameDigest("after the full sync", () -> Interop.digest(master),
                        replica::digest);
                run(master, points(random, 600));
                run(master, storingQueries(random, 400));
                Interop.awaitSameDigest("after the stream", () -> Interop.digest(master),
                        replica::digest);
            }
        }
    }

    @Test
    void redisReplicaAppliesATandemMastersGeoWrites() throws Exception {
        try (ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start();
             RespClient master = Interop.client(tandem)) {
            SplittableRandom random = new SplittableRandom(2);
            run(master, points(random, 300));
            try (RedisServerProcess redis = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(tandem.port()));
                 RespClient replica = redis.client()) {
                Interop.awaitSameDigest("after the full sync", tandem::digest,
                        () -> Interop.digest(replica));
                run(master, points(random, 600));
                run(master, storingQueries(random, 400));
                Interop.awaitSameDigest("after the stream", tandem::digest,
                        () -> Interop.digest(replica));
            }
        }
    }

    /**
     * A STOREDIST result: the same members in the same order, each distance equal to within
     * 1e-12 relative. Redis's sin/cos/asin are glibc's, Tandem's are correctly rounded; glibc's
     * differ from those in the last bit for about 0.1% of arguments, which shows only in the full
     * doubles STOREDIST keeps (WITHDIST prints four decimals).
     */
    private static void assertSameDistances(RespClient r, RespClient t, String[] query) throws IOException {
        String dst = query[0].equals("GEOSEARCHSTORE") ? query[1] : query[List.of(query).indexOf("STOREDIST") + 1];
        List<?> theirs = (List<?>) r.call("ZRANGE", dst, "0", "-1", "WITHSCORES");
        List<?> ours = (List<?>) t.call("ZRANGE", dst, "0", "-1", "WITHSCORES");
        assertEquals(theirs.size(), ours.size(), String.join(" ", query));
        for (int i = 0; i < theirs.size(); i += 2) {
            assertEquals(RespClient.describe(theirs.get(i)), RespClient.describe(ours.get(i)), String.join(" ", query));
            double a = Double.parseDouble(new String((byte[]) theirs.get(i + 1), java.nio.charset.StandardCharsets.US_ASCII));
            double b = Double.parseDouble(new String((byte[]) ours.get(i + 1), java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(a, b, Math.abs(a) * 1e-12, String.join(" ", query));
        }
    }

    private static void run(RespClient client, List<String[]> commands) throws IOException {
        for (String[] argv : commands) {
            client.call(argv);
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /** A longitude; a third of them clustered around (13, 38) so that searches find many. */
    private static double lon(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0, 1 -> 13 + r.nextDouble(-1, 1);
            case 2 -> r.nextBoolean() ? r.nextDouble(179, 180) : r.nextDouble(-180, -179);
            default -> r.nextDouble(-180, 180);
        };
    }

    private static double lat(SplittableRandom r, double lon) {
        if (lon > 12 && lon < 14) {
            return 38 + r.nextDouble(-1, 1);
        }
        return r.nextInt(5) == 0 ? r.nextDouble(80, 85.05112878) * (r.nextBoolean() ? 1 : -1)
                : r.nextDouble(-85.05112878, 85.05112878);
    }

    /** GEOADDs of random points into two keys (one stays small, a listpack in Redis). */
    static List<String[]> points(SplittableRandom r, int n) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = r.nextInt(10) == 0 ? "small" : "geo";
            double lon = lon(r);
            String[] opts = switch (r.nextInt(8)) {
                case 0 -> new String[] {"NX"};
                case 1 -> new String[] {"XX", "CH"};
                case 2 -> new String[] {"CH"};
                default -> new String[0];
            };
            List<String> argv = new ArrayList<>(List.of("GEOADD", key));
            argv.addAll(List.of(opts));
            argv.addAll(List.of(num(lon), num(lat(r, lon)), "m" + r.nextInt(key.equals("small") ? 60 : 5000)));
            if (r.nextInt(4) == 0) {
                double lon2 = lon(r);
                argv.addAll(List.of(num(lon2), num(lat(r, lon2)), "m" + r.nextInt(5000)));
            }
            out.add(argv.toArray(String[]::new));
        }
        return out;
    }

    private static List<String> options(SplittableRandom r, boolean with) {
        List<String> o = new ArrayList<>();
        if (with && r.nextBoolean()) {
            o.add("WITHDIST");
        }
        if (with && r.nextInt(3) == 0) {
            o.add("WITHHASH");
        }
        if (with && r.nextInt(3) == 0) {
            o.add("WITHCOORD");
        }
        switch (r.nextInt(3)) {
            case 0 -> o.add("ASC");
            case 1 -> o.add("DESC");
            default -> { }
        }
        if (r.nextInt(3) == 0) {
            o.add("COUNT");
            o.add(Integer.toString(r.nextInt(1, 30)));
            if (r.nextInt(3) == 0) {
                o.add("ANY");
            }
        }
        return o;
    }

    private static String radius(SplittableRandom r) {
        return num(switch (r.nextInt(4)) {
            case 0 -> r.nextDouble(0, 5000);
            case 1 -> r.nextDouble(0, 200_000);
            case 2 -> r.nextDouble(0, 3_000_000);
            default -> r.nextDouble(0, 25_000_000);
        } / 1000);
    }

    /** Searches and reads; {@code STORE}s write to "dst" keys. */
    static String[] query(SplittableRandom r, boolean storeDist) {
        String key = r.nextInt(5) == 0 ? "small" : "geo";
        String member = "m" + r.nextInt(key.equals("small") ? 60 : 5000);
        double lon = lon(r);
        String lo = num(lon);
        String la = num(lat(r, lon));
        List<String> q = new ArrayList<>();
        switch (r.nextInt(9)) {
            case 0 -> q.addAll(List.of("GEODIST", key, member, "m" + r.nextInt(5000), UNITS[r.nextInt(UNITS.length)]));
            case 1 -> q.addAll(List.of("GEOPOS", key, member, "m" + r.nextInt(5000)));
            case 2 -> q.addAll(List.of("GEOHASH", key, member, "m" + r.nextInt(5000)));
            case 3 -> {
                q.addAll(List.of("GEORADIUS", key, lo, la, radius(r), "km"));
                q.addAll(options(r, true));
            }
            case 4 -> {
                q.addAll(List.of("GEORADIUSBYMEMBER_RO", key, member, radius(r), "km"));
                q.addAll(options(r, true));
            }
            case 5, 6 -> {
                q.addAll(List.of("GEOSEARCH", key));
                q.addAll(r.nextBoolean() ? List.of("FROMLONLAT", lo, la) : List.of("FROMMEMBER", member));
                String unit = UNITS[r.nextInt(UNITS.length)];
                double scale = switch (unit) {
                    case "m" -> 1000;
                    case "ft" -> 3280.84;
                    case "mi" -> 0.621371;
                    default -> 1;
                };
                if (r.nextBoolean()) {
                    q.addAll(List.of("BYRADIUS", num(Double.parseDouble(radius(r)) * scale), unit));
                } else {
                    q.addAll(List.of("BYBOX", num(Double.parseDouble(radius(r)) * scale),
                            num(Double.parseDouble(radius(r)) * scale), unit));
                }
                q.addAll(options(r, true));
            }
            default -> {
                return storing(r, key, member, lo, la, storeDist);
            }
        }
        return q.toArray(String[]::new);
    }

    private static String[] storing(SplittableRandom r, String key, String member, String lo, String la,
                                    boolean storeDist) {
        List<String> q = new ArrayList<>();
        String dst = "dst" + r.nextInt(3);
        if (r.nextBoolean()) {
            q.addAll(List.of("GEOSEARCHSTORE", dst, key));
            q.addAll(r.nextBoolean() ? List.of("FROMLONLAT", lo, la) : List.of("FROMMEMBER", member));
            if (r.nextBoolean()) {
                q.addAll(List.of("BYRADIUS", radius(r), "km"));
            } else {
                q.addAll(List.of("BYBOX", radius(r), radius(r), "km"));
            }
            if (storeDist && r.nextBoolean()) {
                q.add("STOREDIST");
            }
        } else {
            if (r.nextBoolean()) {
                q.addAll(List.of("GEORADIUS", key, lo, la, radius(r), "km"));
            } else {
                q.addAll(List.of("GEORADIUSBYMEMBER", key, member, radius(r), "km"));
            }
            q.addAll(List.of(storeDist && r.nextBoolean() ? "STOREDIST" : "STORE", dst));
        }
        q.addAll(options(r, false));
        return q.toArray(String[]::new);
    }

    static List<String[]> storingQueries(SplittableRandom r, int n) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double lon = lon(r);
            String key = r.nextInt(5) == 0 ? "small" : "geo";
            out.add(storing(r, key, "m" + r.nextInt(key.equals("small") ? 60 : 5000), num(lon), num(lat(r, lon)),
                    false));
        }
        return out;
    }
}
