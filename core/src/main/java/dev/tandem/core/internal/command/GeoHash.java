/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

/**
 * Redis 7.0's geohash arithmetic (geohash.c, geohash_helper.c): the 52-bit interleaved hash a
 * GEOADD stores as a sorted-set score, its decoding to the cell's centre, the eight neighbour
 * cells, the cells a radius or box search scans, and the haversine distance with Redis's earth
 * radius. Same operations in the same order, so the same doubles come out: search results,
 * their order and the printed coordinates match redis-server's.
 *
 * <p>The trigonometry is {@link GeoMath}'s (correctly rounded, the same on every JVM), which
 * agrees with glibc's but for a last bit in about 0.1% of arguments.
 */
final class GeoHash {
    static final int STEP_MAX = 26;
    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    static final double LONG_MIN = -180;
    static final double LONG_MAX = 180;
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    private static final double MERCATOR_MAX = 20037726.37;
    private static final double D_R = Math.PI / 180.0;

    private GeoHash() {
    }

    /** A hash of {@code step} bits per coordinate ({@code bits} 0 and step 0: none). */
    record Bits(long bits, int step) {
        static final Bits ZERO = new Bits(0, 0);

        boolean isZero() {
            return bits == 0 && step == 0;
        }
    }

    /** A cell's bounds. */
    record Area(double lonMin, double lonMax, double latMin, double latMax) { }

    /** A search: centre, kind and size (in the unit), and the unit's size in meters. */
    record Shape(double lon, double lat, boolean circle, double radius, double width,
                 double height, double conversion) { }

    private static long spread(long v) {
        long out = 0;
        for (int i = 0; i < 32; i++) {
            out |= ((v >>> i) & 1L) << (2 * i);
        }
        return out;
    }

    private static long squash(long v) {
        long out = 0;
        for (int i = 0; i < 32; i++) {
            out |= ((v >>> (2 * i)) & 1L) << i;
        }
        return out;
    }

    /** interleave64: latitude bits in the even positions, longitude bits in the odd ones. */
    static long interleave(long lat, long lon) {
        return spread(lat & 0xffffffffL) | (spread(lon & 0xffffffffL) << 1);
    }

    /**
     * geohashEncode over the given ranges; null where Redis returns 0 (a coordinate outside
     * Redis's Web-Mercator limits or outside the ranges).
     */
    static Bits encode(double lonMin, double lonMax, double latMin, double latMax,
                       double longitude, double latitude, int step) {
        if (longitude > LONG_MAX || longitude < LONG_MIN || latitude > LAT_MAX || latitude < LAT_MIN) {
            return null;
        }
        if (latitude < latMin || latitude > latMax || longitude < lonMin || longitude > lonMax) {
            return null;
        }
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double longOffset = (longitude - lonMin) / (lonMax - lonMin);
        latOffset *= (double) (1L << step);
        longOffset *= (double) (1L << step);
        // C converts to uint32_t: truncation toward zero (the offsets are never negative)
        return new Bits(interleave((long) latOffset, (long) longOffset), step);
    }

    static Bits encodeWgs84(double longitude, double latitude, int step) {
        return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, step);
    }

    /** geohashAlign52Bits: the hash as a 52-bit sorted-set score. */
    static long align52(Bits hash) {
        return hash.bits() << (52 - hash.step() * 2);
    }

    /** geohashDecode over Redis's ranges. */
    static Area decode(Bits hash) {
        long lat = squash(hash.bits());
        long lon = squash(hash.bits() >>> 1);
        double latScale = LAT_MAX - LAT_MIN;
        double longScale = LONG_MAX - LONG_MIN;
        double cells = (double) (1L << hash.step());
        // ilato + 1 is uint32_t arithmetic in C: it wraps for the all-ones value
        return new Area(
                LONG_MIN + (lon * 1.0 / cells) * longScale,
                LONG_MIN + (((lon + 1) & 0xffffffffL) * 1.0 / cells) * longScale,
                LAT_MIN + (lat * 1.0 / cells) * latScale,
                LAT_MIN + (((lat + 1) & 0xffffffffL) * 1.0 / cells) * latScale);
    }

    /** decodeGeohash: a score's point (longitude, latitude), the centre of its cell, clamped. */
    static double[] decodeScore(double score) {
        Bits hash = new Bits(toUint64(score), STEP_MAX);
        Area area = decode(hash);
        double x = (area.lonMin() + area.lonMax()) / 2;
        x = Math.max(LONG_MIN, Math.min(LONG_MAX, x));
        double y = (area.latMin() + area.latMax()) / 2;
        y = Math.max(LAT_MIN, Math.min(LAT_MAX, y));
        return new double[] {x, y};
    }

    /** C's {@code (uint64_t) score} as x86-64 computes it for the scores a sorted set can hold. */
    static long toUint64(double score) {
        if (score >= 0x1p63) {
            return score >= 0x1p64 ? 0 : (long) (score - 0x1p63) ^ Long.MIN_VALUE;
        }
        return (long) score;
    }

    private static Bits moveX(Bits hash, int d) {
        if (d == 0) {
            return hash;
        }
        long x = hash.bits() & 0xaaaaaaaaaaaaaaaaL;
        long y = hash.bits() & 0x5555555555555555L;
        long zz = 0x5555555555555555L >>> (64 - hash.step() * 2);
        if (d > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= (0xaaaaaaaaaaaaaaaaL >>> (64 - hash.step() * 2));
        return new Bits(x | y, hash.step());
    }

    private static Bits moveY(Bits hash, int d) {
        if (d == 0) {
            return hash;
        }
        long x = hash.bits() & 0xaaaaaaaaaaaaaaaaL;
        long y = hash.bits() & 0x5555555555555555L;
        long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - hash.step() * 2);
        if (d > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= (0x5555555555555555L >>> (64 - hash.step() * 2));
        return new Bits(x | y, hash.step());
    }

    private static Bits move(Bits hash, int dx, int dy) {
        return moveY(moveX(hash, dx), dy);
    }

    /** geohashEstimateStepsByRadius. */
    static int estimateStepsByRadius(double rangeMeters, double lat) {
        if (rangeMeters == 0) {
            return 26;
        }
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) {
                step--;
            }
        }
        return Math.max(1, Math.min(26, step));
    }

    private static double degRad(double ang) {
        return ang * D_R;
    }

    private static double radDeg(double ang) {
        return ang / D_R;
    }

    /** geohashBoundingBox: {min lon, min lat, max lon, max lat}. */
    static double[] boundingBox(Shape shape) {
        double longitude = shape.lon();
        double latitude = shape.lat();
        double height = shape.conversion() * (shape.circle() ? shape.radius() : shape.height() / 2);
        double width = shape.conversion() * (shape.circle() ? shape.radius() : shape.width() / 2);
        double latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
        double longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / GeoMath.cos(degRad(latitude + latDelta)));
        double longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / GeoMath.cos(degRad(latitude - latDelta)));
        boolean southern = latitude < 0;
        return new double[] {
            southern ? longitude - longDeltaBottom : longitude - longDeltaTop,
            latitude - latDelta,
            southern ? longitude + longDeltaBottom : longitude + longDeltaTop,
            latitude + latDelta};
    }

    /**
     * geohashCalculateAreasByShapeWGS84 followed by membersOfAllNeighbors' order: the cells to
     * scan, centre, north, south, east, west, north-east, north-west, south-east, south-west;
     * a cell Redis zeroes (outside the bounding box) is {@link Bits#ZERO}.
     */
    static Bits[] searchCells(Shape shape) {
        double[] bounds = boundingBox(shape);
        double minLon = bounds[0];
        double minLat = bounds[1];
        double maxLon = bounds[2];
        double maxLat = bounds[3];
        double radiusMeters = shape.circle() ? shape.radius()
                : Math.sqrt((shape.width() / 2) * (shape.width() / 2)
                        + (shape.height() / 2) * (shape.height() / 2));
        radiusMeters *= shape.conversion();

        int steps = estimateStepsByRadius(radiusMeters, shape.lat());
        Bits hash = encodeWgs84(shape.lon(), shape.lat(), steps);
        Bits[] n = neighbours(hash);
        boolean decreaseStep = decode(n[1]).latMax() < maxLat // north
                || decode(n[2]).latMin() > minLat // south
                || decode(n[3]).lonMax() < maxLon // east
                || decode(n[4]).lonMin() > minLon; // west
        if (steps > 1 && decreaseStep) {
            steps--;
            hash = encodeWgs84(shape.lon(), shape.lat(), steps);
            n = neighbours(hash);
        }
        Area area = decode(hash);
        if (steps >= 2) {
            if (area.latMin() < minLat) {
                n[2] = Bits.ZERO; // south
                n[8] = Bits.ZERO; // south-west
                n[7] = Bits.ZERO; // south-east
            }
            if (area.latMax() > maxLat) {
                n[1] = Bits.ZERO;
                n[5] = Bits.ZERO;
                n[6] = Bits.ZERO;
            }
            if (area.lonMin() < minLon) {
                n[4] = Bits.ZERO;
                n[8] = Bits.ZERO;
                n[6] = Bits.ZERO;
            }
            if (area.lonMax() > maxLon) {
                n[3] = Bits.ZERO;
                n[7] = Bits.ZERO;
                n[5] = Bits.ZERO;
            }
        }
        return n;
    }

    /** The cell and its neighbours in membersOfAllNeighbors' order (see {@link #searchCells}). */
    private static Bits[] neighbours(Bits hash) {
        return new Bits[] {hash,
            move(hash, 0, 1), move(hash, 0, -1), move(hash, 1, 0), move(hash, -1, 0),
            move(hash, 1, 1), move(hash, -1, 1), move(hash, 1, -1), move(hash, -1, -1)};
    }

    /** geohashGetLatDistance. */
    static double latDistance(double lat1d, double lat2d) {
        return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
    }

    /** geohashGetDistance: haversine, with Redis's shortcut for equal longitudes. */
    static double distance(double lon1d, double lat1d, double lon2d, double lat2d) {
        double lon1r = degRad(lon1d);
        double lon2r = degRad(lon2d);
        double v = GeoMath.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return latDistance(lat1d, lat2d);
        }
        double lat1r = degRad(lat1d);
        double lat2r = degRad(lat2d);
        double u = GeoMath.sin((lat2r - lat1r) / 2);
        double a = u * u + GeoMath.cos(lat1r) * GeoMath.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * GeoMath.asin(Math.sqrt(a));
    }

    /**
     * geoWithinShape after decoding: the distance from the centre when the point lies in the
     * shape, else NaN.
     */
    static double distanceIfWithin(Shape shape, double lon, double lat) {
        if (shape.circle()) {
            double d = distance(shape.lon(), shape.lat(), lon, lat);
            return d > shape.radius() * shape.conversion() ? Double.NaN : d;
        }
        double widthM = shape.width() * shape.conversion();
        double heightM = shape.height() * shape.conversion();
        if (latDistance(lat, shape.lat()) > heightM / 2) {
            return Double.NaN;
        }
        if (distance(lon, lat, shape.lon(), lat) > widthM / 2) {
            return Double.NaN;
        }
        return distance(shape.lon(), shape.lat(), lon, lat);
    }
}
