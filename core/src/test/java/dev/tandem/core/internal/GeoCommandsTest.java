/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Geo commands, table-driven ({@link CommandRow}); every row is also run against a real
 * redis-server 7.0 by {@link CollectionCommandsInteropTest}. The random differential test
 * against redis-server is {@code GeoInteropTest} in the replication module.
 */
class GeoCommandsTest {
    private static void run(String setup, String command, String reply, String propagated,
                            String then) {
        CommandRow.run(setup, command, reply, propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ''        | GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | :2 | zadd Sicily 3479099956230698 Palermo 3479447370796909 Catania | ZSCORE Sicily Palermo => ,3.479099956230698E15
            ''        | GEOADD k 200 100 x              | -ERR invalid longitude,latitude pair 200.000000,100.000000 | '' | EXISTS k => :0
            ''        | GEOADD k 1 85.06 x              | -ERR invalid longitude,latitude pair 1.000000,85.060000 | '' | ''
            ''        | GEOADD k a 1 x                  | -ERR value is not a valid float | '' | ''
            ''        | GEOADD k NX XX 13 38 a          | -ERR syntax error | '' | ''
            ''        | GEOADD k 13 38 a 14             | -ERR syntax error | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOADD Sicily xx 13 38 a        | :0    | ''                | EXISTS k => :0; ZCARD Sicily => :2
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOADD Sicily CH 13.361389 38.115556 Palermo 1 1 z | :1 | zadd Sicily CH 3479099956230698 Palermo 3377822707026402 z | ZCARD Sicily => :3
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOADD Sicily NX CH 1 1 Palermo | :0    | ''                | ''
            SET s x   | GEOADD s 1 1 m                  | -WRONGTYPE Operation against a key holding the wrong kind of value | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEODIST Sicily Palermo Catania  | "166274.1516" | ''      | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEODIST Sicily Palermo Catania km | "166.2742" | ''        | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEODIST Sicily Palermo Catania MI | "103.3182" | ''        | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEODIST Sicily Palermo Catania ft | "545518.8700" | ''     | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEODIST Sicily Palermo Palermo  | "0.0000" | ''            | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEODIST Sicily Palermo Catania xx | -ERR unsupported unit provided. please use M, KM, FT, MI | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEODIST Sicily Palermo Catania km x | -ERR syntax error | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEODIST Sicily Palermo nope     | (nil) | ''                | ''
            ''        | GEODIST nokey a b               | (nil) | ''                | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOPOS Sicily Palermo nope Catania | [["13.36138933897018433", "38.11555639549629859"], (nil-array), ["15.08726745843887329", "37.50266842333162032"]] | '' | ''
            ''        | GEOPOS nokey a                  | [(nil-array)] | ''        | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOHASH Sicily Palermo Catania nope | ["sqc8b49rny0", "sqdtr74hyu0", (nil)] | '' | ''
            ZADD z 0 a; ZADD z 4503599627370495 b | GEOPOS z a b | [["-179.99999731779098511", "-85.05112751263942528"], ["179.99999731779098511", "85.05112751263942528"]] | '' | ''
            ZADD z 0 a; ZADD z 4503599627370495 b | GEOHASH z a b | ["00bh0hbj200", "zzpgzgpfxz0"] | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 200 km WITHDIST WITHCOORD WITHHASH | [["Palermo", "190.4424", :3479099956230698, ["13.36138933897018433", "38.11555639549629859"]], ["Catania", "56.4413", :3479447370796909, ["15.08726745843887329", "37.50266842333162032"]]] | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 200 km ASC COUNT 1 | ["Catania"] | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 200 km DESC | ["Palermo", "Catania"] | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 100 km   | ["Catania"] | ''          | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 200 km COUNT 1 ANY | ["Palermo"] | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km ASC WITHDIST | [["Catania", "56.4413"], ["Palermo", "190.4424"]] | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 100 400 km | ["Catania"] | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 100 km | ["Palermo"] | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 200 km DESC WITHDIST | [["Catania", "166.2742"], ["Palermo", "0.0000"]] | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCH Sicily FROMMEMBER nope BYRADIUS 200 km | -ERR could not decode requested zset member | '' | ''
            ''        | GEOSEARCH nokey FROMMEMBER nope BYRADIUS 200 km | [] | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ANY | -ERR the ANY argument requires COUNT argument | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | geosearch Sicily BYRADIUS 200 km WITHDIST WITHHASH | -ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for geosearch | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCH Sicily FROMLONLAT 15 37 WITHDIST ASC | -ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCH Sicily FROMLONLAT 15 37 FROMMEMBER Palermo BYRADIUS 1 km | -ERR syntax error | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km BYBOX 1 1 km | -ERR syntax error | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km STORE x | -ERR syntax error | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX -1 1 km | -ERR height or width cannot be negative | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX a 1 km | -ERR need numeric width | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 a km | -ERR need numeric height | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 200 km STORE dst WITHDIST | -ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST | -ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS_RO Sicily 15 37 200 km STORE dst | -ERR syntax error | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUSBYMEMBER Sicily nope 10 km | -ERR could not decode requested zset member | '' | ''
            ''        | GEORADIUSBYMEMBER nokey nope 10 km | [] | ''                | ''
            ''        | GEORADIUSBYMEMBER nokey nope x y STORE d | :0 | ''           | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUSBYMEMBER Sicily Palermo 200 km WITHDIST | [["Palermo", "0.0000"], ["Catania", "166.2742"]] | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUSBYMEMBER_RO Sicily Palermo 200 km ASC | ["Palermo", "Catania"] | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 -1 km    | -ERR radius cannot be negative | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 x km     | -ERR need numeric radius | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 1 parsec | -ERR unsupported unit provided. please use M, KM, FT, MI | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 200 km COUNT 0 | -ERR COUNT must be > 0 | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 200 km COUNT x | -ERR value is not an integer or out of range | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 200 km STORE | -ERR syntax error | '' | ''
            SET s x   | GEORADIUS s 15 37 200 km        | -WRONGTYPE Operation against a key holding the wrong kind of value | '' | ''
            SET s x   | GEOSEARCH s FROMLONLAT 200 37 BYRADIUS 1 km | -WRONGTYPE Operation against a key holding the wrong kind of value | '' | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 200 km STORE dst | :2 | GEORADIUS Sicily 15 37 200 km STORE dst | ZRANGE dst 0 -1 WITHSCORES => ["Palermo", ,3.479099956230698E15, "Catania", ,3.479447370796909E15]
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEORADIUS Sicily 15 37 200 km STOREDIST dst COUNT 1 | :1 | GEORADIUS Sicily 15 37 200 km STOREDIST dst COUNT 1 | ZRANGE dst 0 -1 WITHSCORES => ["Catania", ,56.4412578701582]
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania; SET dst x | GEORADIUS Sicily 15 37 1 km STORE dst | :0 | GEORADIUS Sicily 15 37 1 km STORE dst | EXISTS dst => :0
            SET dst x | GEORADIUS nokey 15 37 1 km STORE dst | :0 | GEORADIUS nokey 15 37 1 km STORE dst | EXISTS dst => :0
            ''        | GEORADIUS nokey 15 37 1 km STORE dst | :0 | ''              | ''
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania | GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST | :2 | GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST | ZRANGE dst 0 -1 WITHSCORES => ["Catania", ,56.4412578701582, "Palermo", ,190.44242984775784]
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania; SET dst x; @expire dst 100000 | GEOSEARCHSTORE dst Sicily FROMMEMBER Palermo BYBOX 10 10 km | :1 | GEOSEARCHSTORE dst Sicily FROMMEMBER Palermo BYBOX 10 10 km | TTL dst => :-1; TYPE dst => +zset
            """)
    void commands(String setup, String command, String reply, String propagated, String then) {
        run(setup, command, reply, propagated, then);
    }
}
