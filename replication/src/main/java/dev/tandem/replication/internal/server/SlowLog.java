/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Redis 7.0's slow log: the newest entries first, at most {@code slowlog-max-len}; each entry
 * keeps at most 32 arguments (the 32nd says {@code ... (N more arguments)}) and at most 128
 * bytes of each ({@code ... (N more bytes)}), so a huge command costs the log a bounded amount.
 * Ids grow forever, RESET included, as in Redis.
 */
final class SlowLog {

    static final int MAX_ARGC = 32;
    static final int MAX_STRING = 128;

    record Entry(long id, long unixSeconds, long micros, byte[][] argv, String address, String name) {
        Reply toReply() {
            List<Reply> args = new ArrayList<>(argv.length);
            for (byte[] a : argv) {
                args.add(Reply.bulk(a));
            }
            return Reply.array(List.of(Reply.integer(id), Reply.integer(unixSeconds), Reply.integer(micros),
                    Reply.array(args), Reply.bulk(address), Reply.bulk(name)));
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    synchronized void add(ClientConnection client, byte[][] argv, long micros, long maxLen) {
        if (maxLen <= 0) {
            return;
        }
        entries.addFirst(new Entry(nextId++, System.currentTimeMillis() / 1000, micros,
                trimmed(CommandRedaction.redact(argv)), client.address(), client.name().orElse("")));
        trim(maxLen);
    }

    /** Redis's slowlogCreateEntry: argument count and lengths bounded. */
    static byte[][] trimmed(byte[][] argv) {
        int argc = Math.min(argv.length, MAX_ARGC);
        byte[][] out = new byte[argc][];
        for (int i = 0; i < argc; i++) {
            if (argc != argv.length && i == argc - 1) {
                out[i] = ("... (" + (argv.length - argc + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (argv[i].length > MAX_STRING) {
                byte[] head = Arrays.copyOf(argv[i], MAX_STRING);
                byte[] tail = ("... (" + (argv[i].length - MAX_STRING) + " more bytes)").getBytes(StandardCharsets.US_ASCII);
                byte[] both = Arrays.copyOf(head, head.length + tail.length);
                System.arraycopy(tail, 0, both, head.length, tail.length);
                out[i] = both;
            } else {
                out[i] = argv[i];
            }
        }
        return out;
    }

    synchronized void trim(long maxLen) {
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized void reset() {
        entries.clear();
    }

    /** The newest {@code count} entries ({@code -1}: all). */
    synchronized List<Entry> newest(long count) {
        List<Entry> out = new ArrayList<>();
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext() && (count < 0 || out.size() < count)) {
            out.add(it.next());
        }
        return out;
    }
}
