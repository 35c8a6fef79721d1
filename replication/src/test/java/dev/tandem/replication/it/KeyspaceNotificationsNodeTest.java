/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * notify-keyspace-events on a node: the builder and CONFIG SET/GET (Redis's rendering), and an
 * API subscriber receiving {@code __keyspace@} and {@code __keyevent@} messages in order.
 */
class KeyspaceNotificationsNodeTest {

    private static byte[][] argv(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    @Test
    void anApiSubscriberReceivesTheNodesNotifications() {
        ReplicationConfig config = ReplicationConfig.builder().notifyKeyspaceEvents("KEA").build();
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().config(config).start()) {
            assertEquals("AKE", node.config().notifyKeyspaceEvents());
            List<String> received = new CopyOnWriteArrayList<>();
            node.psubscribe(m -> received.add(m.channel() + "=" + m.text()), "__key*__:*");
            node.execute(argv("SET", "k", "v"));
            node.execute(argv("DEL", "k"));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 4);
            assertEquals(List.of("__keyspace@0__:k=set", "__keyevent@0__:set=k",
                    "__keyspace@0__:k=del", "__keyevent@0__:del=k"), received);
            node.reconfigure("notify-keyspace-events", "Eg");
            assertEquals("gE", node.config().notifyKeyspaceEvents());
            node.execute(argv("SET", "k", "v"));
            node.execute(argv("DEL", "k"));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 5);
            assertEquals("__keyevent@0__:del=k", received.get(4));
        }
    }

    @Test
    void aBadClassLetterIsRefusedWithRedisText() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ReplicationConfig.builder().notifyKeyspaceEvents("KEAq"));
        assertEquals(true, e.getMessage().contains("Invalid event class character. Use 'Ag$lshzxeKEtmdn'."), e.getMessage());
    }
}
