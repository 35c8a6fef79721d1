/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link DatasetDigest} gives the same hex as redis-server 7.0's {@code DEBUG DIGEST} and
 * {@code DEBUG DIGEST-VALUE} for the same dataset, for every type and encoding.
 */
@Tag("interop")
@RequiresRedis
class DatasetDigestInteropTest {

    private static List<String[]> dataset() {
        List<String[]> cmds = new ArrayList<>();
        cmds.add(new String[] {"SET", "str", "hello"});
        cmds.add(new String[] {"SET", "int", "12345"});
        cmds.add(new String[] {"SET", "neg", "-7"});
        cmds.add(new String[] {"SET", "ttl", "v", "EX", "1000"});
        cmds.add(new String[] {"RPUSH", "list", "a", "b", "c", "1", "2"});
        cmds.add(new String[] {"SADD", "intset", "1", "2", "3", "-100"});
        cmds.add(new String[] {"SADD", "set", "x", "y", "z"});
        cmds.add(new String[] {"ZADD", "zsmall", "1", "a", "2.5", "b", "0.1", "c", "-0", "d"});
        cmds.add(new String[] {"ZADD", "zinf", "inf", "top", "-inf", "bottom", "1e300", "huge"});
        cmds.add(new String[] {"HSET", "hash", "f1", "v1", "f2", "22", "f3", ""});
        SplittableRandom r = new SplittableRandom(42);
        List<String> zbig = new ArrayList<>(List.of("ZADD", "zbig"));
        List<String> hbig = new ArrayList<>(List.of("HSET", "hbig"));
        List<String> sbig = new ArrayList<>(List.of("SADD", "sbig"));
        List<String> lbig = new ArrayList<>(List.of("RPUSH", "lbig"));
        for (int i = 0; i < 300; i++) {
            zbig.add(Double.toString(r.nextDouble() * 1000));
            zbig.add("m" + i);
            hbig.add("field" + i);
            hbig.add("value-" + "x".repeat(r.nextInt(100)));
            sbig.add("member" + i);
            lbig.add(Integer.toString(r.nextInt()));
        }
        cmds.add(zbig.toArray(String[]::new));
        cmds.add(hbig.toArray(String[]::new));
        cmds.add(sbig.toArray(String[]::new));
        cmds.add(lbig.toArray(String[]::new));
        cmds.add(new String[] {"SELECT", "3"});
        cmds.add(new String[] {"SET", "other-db", "value"});
        return cmds;
    }

    @Test
    void sameDatasetSameDigestAsRedis() throws Exception {
        Keyspace ks = new Keyspace();
        ClientState client = ClientState.client();
        try (RedisServerProcess redis = RedisServerProcess.start();
             RespClient c = redis.client()) {
            for (String[] cmd : dataset()) {
                Object reply = c.call(cmd);
                if (cmd[0].equals("SELECT")) {
                    client.select(Integer.parseInt(cmd[1]));
                } else {
                    assertEquals(false, reply instanceof RespClient.ErrorReply, RespClient.describe(reply));
                    ks.execute(client, cmd);
                }
            }
            c.call("SELECT", "0");
            for (String key : new String[] {"str", "int", "neg", "ttl", "list", "intset", "set",
                    "zsmall", "zinf", "hash", "zbig", "hbig", "sbig", "lbig", "missing"}) {
                Object expected = ((List<?>) c.call("DEBUG", "DIGEST-VALUE", key)).get(0);
                assertEquals(expected, DatasetDigest.ofValue(ks, 0, Key.of(key)), "digest of " + key);
            }
            assertEquals(c.call("DEBUG", "DIGEST"), DatasetDigest.of(ks));
            c.call("FLUSHALL");
            assertEquals(c.call("DEBUG", "DIGEST"), DatasetDigest.of(new Keyspace()));
        }
    }

    @Test
    void streamDigestMatchesRedis() throws Exception {
        dev.tandem.core.value.StreamValue stream = new dev.tandem.core.value.StreamValue();
        stream.appendEntry(new dev.tandem.core.value.StreamId(1, 1),
                new byte[][] {"f".getBytes(), "v".getBytes(), "a".getBytes(), "b".getBytes()});
        stream.appendEntry(new dev.tandem.core.value.StreamId(2, 0),
                new byte[][] {"x".getBytes(), "y".getBytes()});
        stream.setMetadata(new dev.tandem.core.value.StreamId(2, 0),
                new dev.tandem.core.value.StreamId(1, 1), dev.tandem.core.value.StreamId.MIN, 2);
        Keyspace ks = new Keyspace();
        DatasetBuilder builder = ks.newDatasetBuilder();
        builder.put(0, Key.of("st"), stream, -1);
        builder.commit();
        try (RedisServerProcess redis = RedisServerProcess.start();
             RespClient c = redis.client()) {
            c.call("XADD", "st", "1-1", "f", "v", "a", "b");
            c.call("XADD", "st", "2-0", "x", "y");
            c.call("XGROUP", "CREATE", "st", "g", "0");
            Object expected = ((List<?>) c.call("DEBUG", "DIGEST-VALUE", "st")).get(0);
            assertEquals(expected, DatasetDigest.ofValue(ks, 0, Key.of("st")));
            assertEquals(c.call("DEBUG", "DIGEST"), DatasetDigest.of(ks));
        }
    }
}
