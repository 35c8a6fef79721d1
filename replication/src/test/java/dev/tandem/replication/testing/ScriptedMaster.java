/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake master on 127.0.0.1 (an ephemeral port) that answers a replica's handshake as Redis
 * does ({@code +PONG}, {@code +OK}) and its {@code PSYNC} with whatever the test scripts: bytes
 * written as they are, then the connection stays open until the replica closes it or
 * {@link #close()} (which also closes every connection and the listener).
 */
public final class ScriptedMaster implements AutoCloseable {

    private final ServerSocket listener;
    private final Function<Integer, byte[]> psyncReply;
    private final AtomicInteger psyncs = new AtomicInteger();
    private final List<List<String>> psyncCommands = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** {@code psyncReply} gets the 1-based number of the PSYNC being answered. */
    public ScriptedMaster(Function<Integer, byte[]> psyncReply) throws IOException {
        this.psyncReply = psyncReply;
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "scripted-master-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static ScriptedMaster replyingToPsync(String reply) throws IOException {
        byte[] bytes = reply.getBytes(StandardCharsets.ISO_8859_1);
        return new ScriptedMaster(n -> bytes);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Every PSYNC (or SYNC) received, as its arguments, in order. */
    public List<List<String>> psyncCommands() {
        return psyncCommands;
    }

    /** How many PSYNCs were answered (one per replica attempt that got that far). */
    public int psyncs() {
        return psyncs.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                connections.add(s);
                Thread t = new Thread(() -> serve(s), "scripted-master-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                List<String> argv = readCommand(in);
                if (argv == null) {
                    return;
                }
                if (argv.isEmpty()) {
                    continue;
                }
                String name = argv.get(0).toLowerCase(Locale.ROOT);
                switch (name) {
                    case "ping" -> out.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                    case "psync", "sync" -> {
                        psyncCommands.add(List.copyOf(argv));
                        out.write(psyncReply.apply(psyncs.incrementAndGet()));
                    }
                    case "replconf" -> {
                        if (!argv.get(1).equalsIgnoreCase("ack")) {
                            out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                    default -> out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            }
        } catch (IOException gone) {
            // the replica closed the connection, or close() did
        } finally {
            connections.remove(s);
        }
    }

    /** One multibulk command (or an inline line), null at the end of the stream. */
    private static List<String> readCommand(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null) {
            return null;
        }
        List<String> argv = new ArrayList<>();
        if (!line.startsWith("*")) {
            for (String part : line.trim().split(" +")) {
                if (!part.isEmpty()) {
                    argv.add(part);
                }
            }
            return argv;
        }
        int n = Integer.parseInt(line.substring(1));
        for (int i = 0; i < n; i++) {
            String header = readLine(in);
            if (header == null) {
                return null;
            }
            int len = Integer.parseInt(header.substring(1));
            byte[] b = in.readNBytes(len + 2);
            argv.add(new String(b, 0, len, StandardCharsets.ISO_8859_1));
        }
        return argv;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
