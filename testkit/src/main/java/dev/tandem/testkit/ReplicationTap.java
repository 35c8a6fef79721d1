/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches what a real redis-server propagates to its replicas: attaches as a bare replica
 * ({@code PSYNC ? -1} without {@code capa eof}, so the master sends a disk-based {@code $<len>}
 * payload), skips the RDB and then reads the command stream in the exact order the master
 * wrote it, SELECTs and MULTI/EXEC included.
 *
 * <p>To cut the stream at a known point, a test sends a command that is propagated and easy
 * to recognise: {@code PUBLISH channel marker} ({@link #readUntilMarker}) or a write of its own
 * ({@link #readThrough}). The master's heartbeat {@code PING}s are left out of both. While it
 * is being read the tap acknowledges its offset, so the master keeps it however long a test runs.
 */
public final class ReplicationTap implements AutoCloseable {
    /** Well inside the master's repl-timeout (60 s by default), after which it drops a silent replica. */
    private static final long ACK_INTERVAL_NANOS = 1_000_000_000L;

    private final RespClient link;
    private final String replicationId;
    private final long startOffset;
    private final long streamStart;
    private long lastAck = System.nanoTime();

    private ReplicationTap(RespClient link, String replicationId, long startOffset) {
        this.link = link;
        this.replicationId = replicationId;
        this.startOffset = startOffset;
        this.streamStart = link.bytesRead();
    }

    /** Turns {@code link} into a replica link: PSYNC, then the RDB payload is skipped. */
    public static ReplicationTap attach(RespClient link) throws IOException {
        link.send(ascii("PSYNC"), ascii("?"), ascii("-1"));
        String reply = link.readLine();
        String[] words = reply.split(" ");
        if (words.length != 3 || !words[0].equals("+FULLRESYNC")) {
            link.close();
            throw new IOException("unexpected PSYNC reply: " + reply);
        }
        // Bare newlines keep the link alive while the master saves the RDB.
        int b;
        do {
            b = link.readByte();
        } while (b == '\n');
        if (b != '$') {
            link.close();
            throw new IOException("unexpected RDB payload start: " + (char) b);
        }
        link.skip(Long.parseLong(link.readLine()));
        return new ReplicationTap(link, words[1], Long.parseLong(words[2]));
    }

    /** The master's replication id from {@code +FULLRESYNC}. */
    public String replicationId() {
        return replicationId;
    }

    /** The master offset at which the stream that follows the payload starts. */
    public long startOffset() {
        return startOffset;
    }

    /** The master offset up to which this tap has read the stream. */
    public long offset() {
        return startOffset + link.bytesRead() - streamStart;
    }

    /**
     * The next propagated command (heartbeat PINGs included); blocks until it arrives. Now and
     * then acknowledges the offset read so far ({@code REPLCONF ACK}), as a replica does.
     */
    public List<byte[]> next() throws IOException {
        if (System.nanoTime() - lastAck > ACK_INTERVAL_NANOS) {
            link.send(ascii("REPLCONF"), ascii("ACK"), ascii(Long.toString(offset())));
            lastAck = System.nanoTime();
        }
        Object r = link.read();
        if (!(r instanceof List<?> items)) {
            throw new IOException("replication stream: expected a command array, got " + RespClient.describe(r));
        }
        List<byte[]> argv = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof byte[] arg)) {
                throw new IOException("replication stream: expected bulk arguments, got " + RespClient.describe(r));
            }
            argv.add(arg);
        }
        return argv;
    }

    /** The next propagated command other than a heartbeat, rendered with single spaces. */
    public String nextCommand() throws IOException {
        while (true) {
            List<byte[]> argv = next();
            if (!isHeartbeat(argv)) {
                return render(argv);
            }
        }
    }

    /**
     * The commands propagated before {@code PUBLISH channel marker}, rendered with single
     * spaces, SELECTs included and heartbeat PINGs left out; the marker itself is consumed.
     */
    public List<String> readUntilMarker(String channel, String marker) throws IOException {
        List<String> out = new ArrayList<>();
        while (true) {
            List<byte[]> argv = next();
            if (isHeartbeat(argv)) {
                continue;
            }
            if (argv.size() == 3 && new String(argv.get(0), StandardCharsets.US_ASCII).equalsIgnoreCase("publish")
                    && render(argv.subList(1, 3)).equals(channel + " " + marker)) {
                return out;
            }
            out.add(render(argv));
        }
    }

    /** The commands up to and including the first one rendered as {@code last} (heartbeats left out). */
    public List<String> readThrough(String last) throws IOException {
        List<String> out = new ArrayList<>();
        while (true) {
            String command = nextCommand();
            out.add(command);
            if (command.equals(last)) {
                return out;
            }
        }
    }

    private static boolean isHeartbeat(List<byte[]> argv) {
        return argv.size() == 1 && new String(argv.get(0), StandardCharsets.US_ASCII).equalsIgnoreCase("ping");
    }

    /** Arguments joined with single spaces, as UTF-8. */
    public static String render(List<byte[]> argv) {
        List<String> words = new ArrayList<>(argv.size());
        for (byte[] a : argv) {
            words.add(new String(a, StandardCharsets.UTF_8));
        }
        return String.join(" ", words);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        link.close();
    }
}
