/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.NotifyFlags;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.ScoreRange;
import dev.tandem.core.value.ZSetValue;
import dev.tandem.core.value.ZSkipList;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Geo commands (geo.c of Redis 7.0.15) over sorted sets whose scores are 52-bit geohashes
 * ({@link GeoHash}): GEOADD, GEOPOS, GEODIST, GEOHASH, GEOSEARCH, GEOSEARCHSTORE, GEORADIUS,
 * GEORADIUSBYMEMBER and their _RO forms.
 *
 * <p>Propagation as Redis 7.0: GEOADD becomes the ZADD it runs (Redis rewrites the command
 * vector: {@code zadd key [NX|XX] [CH] score member ...} with integer scores), so it goes out as
 * that ZADD when it changed the set; GEORADIUS(BYMEMBER) ... STORE/STOREDIST and GEOSEARCHSTORE
 * go out verbatim when they stored or deleted the destination (a replica repeats the search on
 * the same data).
 */
public final class GeoCommands {
    private static final String SYNTAX = "ERR syntax error";
    private static final String UNIT_ERROR = "ERR unsupported unit provided. please use M, KM, FT, MI";
    private static final String MEMBER_ERROR = "ERR could not decode requested zset member";

    private static final int RADIUS_COORDS = 1;
    private static final int RADIUS_MEMBER = 1 << 1;
    private static final int RADIUS_NOSTORE = 1 << 2;
    private static final int SEARCH = 1 << 3;
    private static final int SEARCH_STORE = 1 << 4;

    private GeoCommands() {
    }

    public static void register(CommandTable t) {
        t.register(CommandSpec.write("geoadd", -5, 1, 1, 1, GeoCommands::geoadd));
        t.register(CommandSpec.read("geopos", -2, 1, 1, 1, GeoCommands::geopos));
        t.register(CommandSpec.read("geodist", -4, 1, 1, 1, GeoCommands::geodist));
        t.register(CommandSpec.read("geohash", -2, 1, 1, 1, GeoCommands::geohash));
        // GEORADIUS and GEORADIUSBYMEMBER are write commands (STORE) even without STORE, as in
        // Redis: a read-only replica serves the _RO forms and GEOSEARCH.
        t.register(CommandSpec.write("georadius", -6, 1, 1, 1,
                (ctx, argv) -> search(ctx, argv, 1, RADIUS_COORDS)));
        t.register(CommandSpec.write("georadiusbymember", -5, 1, 1, 1,
                (ctx, argv) -> search(ctx, argv, 1, RADIUS_MEMBER)));
        t.register(CommandSpec.read("georadius_ro", -6, 1, 1, 1,
                (ctx, argv) -> search(ctx, argv, 1, RADIUS_COORDS | RADIUS_NOSTORE)));
        t.register(CommandSpec.read("georadiusbymember_ro", -5, 1, 1, 1,
                (ctx, argv) -> search(ctx, argv, 1, RADIUS_MEMBER | RADIUS_NOSTORE)));
        t.register(CommandSpec.read("geosearch", -7, 1, 1, 1,
                (ctx, argv) -> search(ctx, argv, 1, SEARCH)));
        t.register(CommandSpec.write("geosearchstore", -8, 1, 2, 1,
                (ctx, argv) -> search(ctx, argv, 2, SEARCH | SEARCH_STORE)));
    }

    // ---- argument helpers --------------------------------------------------------------------

    /** extractLongLatOrReply: two floats, then Redis's Web-Mercator limits. */
    private static double[] lonLat(byte[] lon, byte[] lat) {
        double x = Strtod.parseFloat(lon);
        double y = Strtod.parseFloat(lat);
        if (x < GeoHash.LONG_MIN || x > GeoHash.LONG_MAX || y < GeoHash.LAT_MIN || y > GeoHash.LAT_MAX) {
            throw new RedisError("ERR invalid longitude,latitude pair " + printfF(x) + "," + printfF(y));
        }
        return new double[] {x, y};
    }

    /** C's {@code %f}: six decimals of the exact binary value, rounded half-even. */
    private static String printfF(double v) {
        if (Double.isNaN(v)) {
            return Double.doubleToRawLongBits(v) < 0 ? "-nan" : "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        return v < 0 || (v == 0 && 1 / v < 0) ? (s.startsWith("-") ? s : "-" + s) : s;
    }

    /** extractUnitOrReply: meters per unit. */
    private static double unit(byte[] u) {
        if (Args.is(u, "m")) {
            return 1;
        } else if (Args.is(u, "km")) {
            return 1000;
        } else if (Args.is(u, "ft")) {
            return 0.3048;
        } else if (Args.is(u, "mi")) {
            return 1609.34;
        }
        throw new RedisError(UNIT_ERROR);
    }

    /**
     * addReplyDoubleDistance (fixedpoint_d2string with 4 digits): the value times 10^4 rounded
     * to an integer (llrint: half-even), printed with four decimals.
     */
    static String distance(double d) {
        if (d == 0) {
            return "0.0000";
        }
        long v = (long) Math.rint(d * 10000.0);
        boolean negative = v < 0;
        String digits = negative ? Long.toUnsignedString(-v) : Long.toString(v);
        while (digits.length() < 5) {
            digits = "0" + digits;
        }
        int point = digits.length() - 4;
        return (negative ? "-" : "") + digits.substring(0, point) + "." + digits.substring(point);
    }

    /**
     * addReplyHumanLongDouble: {@code "%.17Lf"} of the value, trailing zeros and point removed
     * (a bulk string in RESP2; RESP3 gets the double itself).
     */
    private static Reply coordinate(ExecutionContext ctx, double v) {
        if (ctx.client().protocol() >= 3) {
            return new Reply.DoubleReply(v);
        }
        return Reply.bulk(LongDouble.format(new BigDecimal(v)));
    }

    private static ZSetValue zset(Entry e) {
        return SortedSetCommands.zset(e);
    }

    // ---- GEOADD --------------------------------------------------------------------------------

    /**
     * GEOADD key [NX|XX] [CH] longitude latitude member ...: runs (and propagates as) the ZADD
     * with each point's 52-bit geohash as its score.
     */
    static Reply geoadd(ExecutionContext ctx, byte[][] argv) {
        boolean nx = false;
        boolean xx = false;
        int longIdx = 2;
        while (longIdx < argv.length) {
            byte[] opt = argv[longIdx];
            if (Args.is(opt, "nx")) {
                nx = true;
            } else if (Args.is(opt, "xx")) {
                xx = true;
            } else if (!Args.is(opt, "ch")) {
                break;
            }
            longIdx++;
        }
        if ((argv.length - longIdx) % 3 != 0 || (xx && nx)) {
            throw new RedisError(SYNTAX);
        }
        int elements = (argv.length - longIdx) / 3;
        byte[][] zadd = new byte[longIdx + elements * 2][];
        zadd[0] = "zadd".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(argv, 1, zadd, 1, longIdx - 1);
        for (int i = 0; i < elements; i++) {
            int at = longIdx + i * 3;
            double[] xy = lonLat(argv[at], argv[at + 1]);
            long bits = GeoHash.align52(GeoHash.encodeWgs84(xy[0], xy[1], GeoHash.STEP_MAX));
            zadd[longIdx + i * 2] = Long.toString(bits).getBytes(StandardCharsets.US_ASCII);
            zadd[longIdx + i * 2 + 1] = argv[at + 2];
        }
        Reply reply = ctx.call(zadd);
        if (reply instanceof Reply.ErrorReply e) {
            throw new RedisError(e.text());
        }
        return reply;
    }

    // ---- GEOPOS / GEODIST / GEOHASH ------------------------------------------------------------

    /** GEOPOS key member ...: [longitude, latitude] per member, a null array when absent. */
    static Reply geopos(ExecutionContext ctx, byte[][] argv) {
        ZSetValue z = zset(ctx.lookupRead(Key.of(argv[1])));
        List<Reply> out = new ArrayList<>(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            Double score = z == null ? null : z.scoreOf(Key.of(argv[j]));
            if (score == null) {
                out.add(Reply.NULL_ARRAY);
                continue;
            }
            double[] xy = GeoHash.decodeScore(score);
            out.add(Reply.array(List.of(coordinate(ctx, xy[0]), coordinate(ctx, xy[1]))));
        }
        return Reply.array(out);
    }

    /** GEODIST key member1 member2 [unit]: the distance with four decimals, or null. */
    static Reply geodist(ExecutionContext ctx, byte[][] argv) {
        double toMeter = 1;
        if (argv.length == 5) {
            toMeter = unit(argv[4]);
        } else if (argv.length > 5) {
            throw new RedisError(SYNTAX);
        }
        ZSetValue z = zset(ctx.lookupRead(Key.of(argv[1])));
        if (z == null) {
            return Reply.NULL;
        }
        Double s1 = z.scoreOf(Key.of(argv[2]));
        Double s2 = z.scoreOf(Key.of(argv[3]));
        if (s1 == null || s2 == null) {
            return Reply.NULL;
        }
        double[] a = GeoHash.decodeScore(s1);
        double[] b = GeoHash.decodeScore(s2);
        return Reply.bulk(distance(GeoHash.distance(a[0], a[1], b[0], b[1]) / toMeter));
    }

    private static final byte[] GEO_ALPHABET =
            "0123456789bcdefghjkmnpqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

    /**
     * GEOHASH key member ...: the standard 11-character geohash of each member's position
     * (re-encoded over latitudes -90..90, the last character always '0'), null when absent.
     */
    static Reply geohash(ExecutionContext ctx, byte[][] argv) {
        ZSetValue z = zset(ctx.lookupRead(Key.of(argv[1])));
        List<Reply> out = new ArrayList<>(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            Double score = z == null ? null : z.scoreOf(Key.of(argv[j]));
            if (score == null) {
                out.add(Reply.NULL);
                continue;
            }
            double[] xy = GeoHash.decodeScore(score);
            GeoHash.Bits hash = GeoHash.encode(-180, 180, -90, 90, xy[0], xy[1], 26);
            long bits = hash == null ? 0 : hash.bits();
            byte[] buf = new byte[11];
            for (int i = 0; i < 11; i++) {
                int idx = i == 10 ? 0 : (int) ((bits >>> (52 - ((i + 1) * 5))) & 0x1f);
                buf[i] = GEO_ALPHABET[idx];
            }
            out.add(Reply.bulk(buf));
        }
        return Reply.array(out);
    }

    // ---- searches --------------------------------------------------------------------------------

    /** A point found by a search. */
    private record Point(Key member, double score, double lon, double lat, double dist) { }

    /**
     * georadiusGeneric: GEORADIUS, GEORADIUSBYMEMBER (and _RO), GEOSEARCH and GEOSEARCHSTORE,
     * with Redis's order of checks (the source's type first, then the arguments in order).
     */
    static Reply search(ExecutionContext ctx, byte[][] argv, int srcKeyIndex, int flags) {
        Key srcKey = Key.of(argv[srcKeyIndex]);
        ZSetValue z = zset(ctx.lookupRead(srcKey));
        byte[] storeKey = null;
        boolean storeDist = false;
        int baseArgs;
        double lon = 0;
        double lat = 0;
        boolean circle = false;
        double radius = 0;
        double width = 0;
        double height = 0;
        double conversion = 0;
        if ((flags & RADIUS_COORDS) != 0) {
            baseArgs = 6;
            circle = true;
            double[] xy = lonLat(argv[2], argv[3]);
            lon = xy[0];
            lat = xy[1];
            radius = radius(argv[4]);
            conversion = unit(argv[5]);
        } else if ((flags & RADIUS_MEMBER) != 0 && z == null) {
            baseArgs = 5; // parse the options anyway, to know which reply to give
        } else if ((flags & RADIUS_MEMBER) != 0) {
            baseArgs = 5;
            circle = true;
            double[] xy = memberPosition(z, argv[2]);
            lon = xy[0];
            lat = xy[1];
            radius = radius(argv[3]);
            conversion = unit(argv[4]);
        } else {
            baseArgs = 2;
            if ((flags & SEARCH_STORE) != 0) {
                baseArgs = 3;
                storeKey = argv[1];
            }
        }

        boolean withDist = false;
        boolean withHash = false;
        boolean withCoords = false;
        boolean fromMember = false;
        boolean fromLoc = false;
        boolean byRadius = false;
        boolean byBox = false;
        int sort = 0; // 0 none, 1 asc, 2 desc
        boolean any = false;
        long count = 0;
        boolean search = (flags & SEARCH) != 0;
        boolean storeAllowed = (flags & RADIUS_NOSTORE) == 0 && !search;
        int remaining = argv.length - baseArgs;
        for (int i = 0; i < remaining; i++) {
            byte[] arg = argv[baseArgs + i];
            if (Args.is(arg, "withdist")) {
                withDist = true;
            } else if (Args.is(arg, "withhash")) {
                withHash = true;
            } else if (Args.is(arg, "withcoord")) {
                withCoords = true;
            } else if (Args.is(arg, "any")) {
                any = true;
            } else if (Args.is(arg, "asc")) {
                sort = 1;
            } else if (Args.is(arg, "desc")) {
                sort = 2;
            } else if (Args.is(arg, "count") && i + 1 < remaining) {
                count = Args.parseLong(argv[baseArgs + i + 1]);
                if (count <= 0) {
                    throw new RedisError("ERR COUNT must be > 0");
                }
                i++;
            } else if (Args.is(arg, "store") && i + 1 < remaining && storeAllowed) {
                storeKey = argv[baseArgs + i + 1];
                storeDist = false;
                i++;
            } else if (Args.is(arg, "storedist") && i + 1 < remaining && storeAllowed) {
                storeKey = argv[baseArgs + i + 1];
                storeDist = true;
                i++;
            } else if (Args.is(arg, "storedist") && search && (flags & SEARCH_STORE) != 0) {
                storeDist = true;
            } else if (Args.is(arg, "frommember") && i + 1 < remaining && search && !fromLoc) {
                if (z != null) {
                    double[] xy = memberPosition(z, argv[baseArgs + i + 1]);
                    lon = xy[0];
                    lat = xy[1];
                }
                fromMember = true;
                i++;
            } else if (Args.is(arg, "fromlonlat") && i + 2 < remaining && search && !fromMember) {
                double[] xy = lonLat(argv[baseArgs + i + 1], argv[baseArgs + i + 2]);
                lon = xy[0];
                lat = xy[1];
                fromLoc = true;
                i += 2;
            } else if (Args.is(arg, "byradius") && i + 2 < remaining && search && !byBox) {
                radius = radius(argv[baseArgs + i + 1]);
                conversion = unit(argv[baseArgs + i + 2]);
                circle = true;
                byRadius = true;
                i += 2;
            } else if (Args.is(arg, "bybox") && i + 3 < remaining && search && !byRadius) {
                width = Strtod.parseFloat(argv[baseArgs + i + 1], "ERR need numeric width");
                height = Strtod.parseFloat(argv[baseArgs + i + 2], "ERR need numeric height");
                if (height < 0 || width < 0) {
                    throw new RedisError("ERR height or width cannot be negative");
                }
                conversion = unit(argv[baseArgs + i + 3]);
                circle = false;
                byBox = true;
                i += 3;
            } else {
                throw new RedisError(SYNTAX);
            }
        }

        if (storeKey != null && (withDist || withHash || withCoords)) {
            throw new RedisError("ERR " + ((flags & SEARCH_STORE) != 0 ? "GEOSEARCHSTORE"
                    : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        String name = new String(argv[0], StandardCharsets.UTF_8);
        if (search && !(fromMember || fromLoc)) {
            throw new RedisError("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + name);
        }
        if (search && !(byRadius || byBox)) {
            throw new RedisError("ERR exactly one of BYRADIUS and BYBOX can be specified for " + name);
        }
        if (any && count == 0) {
            throw new RedisError("ERR the ANY argument requires COUNT argument");
        }

        if (z == null) {
            if (storeKey != null) {
                Key dst = Key.of(storeKey);
                if (ctx.db().peek(dst) != null) {
                    ctx.db().delete(dst); // dbDelete: no expiry check
                    ctx.touched(dst);
                    ctx.notify(NotifyFlags.GENERIC, "del", dst);
                    ctx.propagateVerbatim();
                }
                return Reply.ZERO;
            }
            return Reply.EMPTY_ARRAY;
        }
        if (count != 0 && sort == 0 && !any) {
            sort = 1; // COUNT without an order means the closest ones
        }

        GeoHash.Shape shape = new GeoHash.Shape(lon, lat, circle, radius, width, height, conversion);
        List<Point> found = membersOfAllNeighbours(z, shape, any ? count : 0);
        if (found.isEmpty() && storeKey == null) {
            return Reply.EMPTY_ARRAY;
        }
        int returned = count == 0 || found.size() < count ? found.size() : (int) count;
        if (sort != 0) {
            // glibc's qsort (a merge sort here) keeps equal distances in the order found
            Comparator<Point> byDist = Comparator.comparingDouble(Point::dist);
            found.sort(sort == 1 ? byDist : byDist.reversed());
        }

        if (storeKey == null) {
            List<Reply> out = new ArrayList<>(returned);
            boolean options = withDist || withHash || withCoords;
            for (int i = 0; i < returned; i++) {
                Point p = found.get(i);
                Reply member = Reply.bulk(p.member().bytes());
                if (!options) {
                    out.add(member);
                    continue;
                }
                List<Reply> item = new ArrayList<>(4);
                item.add(member);
                if (withDist) {
                    item.add(Reply.bulk(distance(p.dist() / conversion)));
                }
                if (withHash) {
                    item.add(Reply.integer((long) p.score()));
                }
                if (withCoords) {
                    item.add(Reply.array(List.of(coordinate(ctx, p.lon()), coordinate(ctx, p.lat()))));
                }
                out.add(Reply.array(item));
            }
            return Reply.array(out);
        }

        Key dst = Key.of(storeKey);
        if (returned > 0) {
            ZSetValue result = new ZSetValue(false, returned);
            for (int i = 0; i < returned; i++) {
                Point p = found.get(i);
                result.add(p.member(), storeDist ? p.dist() / conversion : p.score());
            }
            result.compactIfSmall();
            ctx.lookupWrite(dst); // setKey's lookupKeyWrite: an expired destination goes first
            ctx.db().set(dst, result, false);
            ctx.touched(dst);
            // GEORADIUS[BYMEMBER] ... STORE/STOREDIST store as "georadiusstore" (geo.c).
            ctx.notify(NotifyFlags.ZSET, Args.lower(ctx.argv()[0]).equals("geosearchstore")
                    ? "geosearchstore" : "georadiusstore", dst);
            ctx.propagateVerbatim();
        } else if (ctx.db().peek(dst) != null) {
            ctx.db().delete(dst);
            ctx.touched(dst);
            ctx.notify(NotifyFlags.GENERIC, "del", dst);
            ctx.propagateVerbatim();
        }
        return Reply.integer(returned);
    }

    /** extractDistanceOrReply's number. */
    private static double radius(byte[] arg) {
        double d = Strtod.parseFloat(arg, "ERR need numeric radius");
        if (d < 0) {
            throw new RedisError("ERR radius cannot be negative");
        }
        return d;
    }

    private static double[] memberPosition(ZSetValue z, byte[] member) {
        Double score = z.scoreOf(Key.of(member));
        if (score == null) {
            throw new RedisError(MEMBER_ERROR);
        }
        return GeoHash.decodeScore(score);
    }

    /**
     * membersOfAllNeighbors: the points in the search cells, cell after cell (a cell equal to
     * the one scanned before it is skipped), stopping at {@code limit} points when positive.
     */
    private static List<Point> membersOfAllNeighbours(ZSetValue z, GeoHash.Shape shape, long limit) {
        GeoHash.Bits[] cells = GeoHash.searchCells(shape);
        List<Point> found = new ArrayList<>();
        int lastProcessed = 0;
        for (int i = 0; i < cells.length; i++) {
            GeoHash.Bits cell = cells[i];
            if (cell.isZero()) {
                continue;
            }
            if (lastProcessed != 0 && cell.equals(cells[lastProcessed])) {
                continue; // huge radii make neighbours coincide
            }
            if (!found.isEmpty() && limit > 0 && found.size() >= limit) {
                break;
            }
            pointsInCell(z, cell, shape, found, limit);
            lastProcessed = i;
        }
        return found;
    }

    /** geoGetPointsInRange over the scores of one cell: min inclusive, max exclusive. */
    private static void pointsInCell(ZSetValue z, GeoHash.Bits cell, GeoHash.Shape shape,
                                     List<Point> found, long limit) {
        double min = (double) GeoHash.align52(cell);
        double max = (double) GeoHash.align52(new GeoHash.Bits(cell.bits() + 1, cell.step()));
        ScoreRange range = new ScoreRange(min, false, max, true);
        for (ZSkipList.Node n = z.firstInRange(range); n != null; n = n.next()) {
            if (!range.lteMax(n.score())) {
                break;
            }
            double[] xy = GeoHash.decodeScore(n.score());
            double d = GeoHash.distanceIfWithin(shape, xy[0], xy[1]);
            if (!Double.isNaN(d)) {
                found.add(new Point(n.member(), n.score(), xy[0], xy[1], d));
            }
            if (!found.isEmpty() && limit > 0 && found.size() >= limit) {
                break;
            }
        }
    }
}
