/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The harness's view of any node over RESP: the same calls observe Tandem and redis-server,
 * which is what makes a figure "measured the same way on both sides".
 */
final class NodeClient implements AutoCloseable {
    private final int port;
    private final RespClient client;

    private NodeClient(int port, RespClient client) {
        this.port = port;
        this.client = client;
    }

    static NodeClient connect(int port) throws IOException {
        return new NodeClient(port, RespClient.connect("127.0.0.1", port));
    }

    int port() {
        return port;
    }

    /** A command that must not fail; returns its reply. */
    Object call(String... argv) throws IOException {
        Object reply = client.call(argv);
        if (reply instanceof RespClient.ErrorReply e) {
            throw new IOException(String.join(" ", argv) + " on port " + port + " failed: " + e.text());
        }
        return reply;
    }

    /** {@code DBSIZE}, or -1 while the node answers with an error (Redis's {@code -LOADING}). */
    long dbsize() throws IOException {
        Object reply = client.call("DBSIZE");
        return reply instanceof Long n ? n : -1;
    }

    /** {@code INFO section} as field → value. */
    Map<String, String> info(String section) throws IOException {
        Object reply = call("INFO", section);
        String text = reply instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(reply);
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    long infoLong(String section, String field) throws IOException {
        String value = info(section).get(field);
        if (value == null) {
            throw new IOException("INFO " + section + " on port " + port + " has no " + field);
        }
        return Long.parseLong(value);
    }

    /** {@code master_repl_offset}: on a replica, how much of its master's stream it applied. */
    long replOffset() throws IOException {
        return infoLong("replication", "master_repl_offset");
    }

    /** On a replica: the link is up and the stream flows. */
    boolean linkUp() throws IOException {
        return "up".equals(info("replication").get("master_link_status"));
    }

    /** {@code DEBUG DIGEST}: the dataset digest, for checking that a replica holds what its master does. */
    String digest() throws IOException {
        Object reply = call("DEBUG", "DIGEST");
        return reply instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.US_ASCII)
                : String.valueOf(reply);
    }

    void replicaOf(int masterPort) throws IOException {
        call("REPLICAOF", "127.0.0.1", Integer.toString(masterPort));
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
