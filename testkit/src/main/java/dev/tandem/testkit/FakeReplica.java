/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A fake replica for tests, independent of Tandem's code: it runs the handshake a real 7.0
 * replica runs ({@code PING}, {@code REPLCONF listening-port}, {@code REPLCONF capa eof capa
 * psync2}, reading each reply, then {@code PSYNC}), reads the {@code +FULLRESYNC} line and the
 * full-sync payload in either wire form, and then lets the test read the raw command stream. It
 * never ACKs unless told to, so a test sees exactly what a master sends before and after an
 * ACK.
 */
public final class FakeReplica implements AutoCloseable {

    /** What {@link #fullSync} received. */
    public record FullSync(String replid, long offset, boolean eofMarked, int keepalives, byte[] rdb) { }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Keepalive newlines read before a PSYNC reply, reported with the payload. */
    private int pendingKeepalives;

    private FakeReplica(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects and runs the handshake up to PSYNC, announcing {@code capa psync2} and optionally {@code capa eof}. */
    public static FakeReplica connect(String host, int port, boolean capaEof) throws IOException {
        return capaEof ? connectWithCapabilities(host, port, "eof", "psync2") : connectWithCapabilities(host, port, "psync2");
    }

    /**
     * Connects and runs the handshake up to (not including) PSYNC: {@code PING},
     * {@code REPLCONF listening-port 0} and, unless none are given,
     * {@code REPLCONF capa <c1> capa <c2> ...}, each reply read before the next command.
     */
    public static FakeReplica connectWithCapabilities(String host, int port, String... capabilities) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 5000);
        s.setSoTimeout(20_000);
        FakeReplica tap = new FakeReplica(s);
        try {
            tap.expectPlus(tap.command("PING"));
            tap.expectPlus(tap.command("REPLCONF", "listening-port", "0"));
            if (capabilities.length > 0) {
                String[] argv = new String[1 + 2 * capabilities.length];
                argv[0] = "REPLCONF";
                for (int i = 0; i < capabilities.length; i++) {
                    argv[1 + 2 * i] = "capa";
                    argv[2 + 2 * i] = capabilities[i];
                }
                tap.expectPlus(tap.command(argv));
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return tap;
    }

    /**
     * Sends {@code PSYNC <replid> <offset>} and returns the reply line (keepalive newlines
     * before it skipped): {@code +CONTINUE ...}, {@code +FULLRESYNC ...} or an error. After a
     * {@code +FULLRESYNC} call {@link #readPayload} next.
     */
    public String psync(String replid, long offset) throws IOException {
        return psync(replid, Long.toString(offset));
    }

    /** {@link #psync(String, long)} with the offset argument as given (to test bad ones). */
    public String psync(String replid, String offset) throws IOException {
        send("PSYNC", replid, offset);
        String line;
        while ((line = readLine()).isEmpty()) {
            pendingKeepalives++;
        }
        return line;
    }

    /** Sends {@code PSYNC ? -1} and reads the {@code +FULLRESYNC} line and the payload. */
    public FullSync fullSync() throws IOException {
        return readPayload(psync("?", -1));
    }

    /** Reads the payload that follows a {@code +FULLRESYNC} reply line. */
    public FullSync readPayload(String line) throws IOException {
        int keepalives = pendingKeepalives;
        pendingKeepalives = 0;
        if (!line.startsWith("+FULLRESYNC ")) {
            throw new IOException("expected +FULLRESYNC, got '" + line + "'");
        }
        String[] parts = line.split(" ");
        String replid = parts[1];
        long offset = Long.parseLong(parts[2]);
        String header;
        while ((header = readLine()).isEmpty()) {
            keepalives++;
        }
        if (!header.startsWith("$")) {
            throw new IOException("expected a payload header, got '" + header + "'");
        }
        if (header.startsWith("$EOF:")) {
            byte[] mark = header.substring(5).getBytes(StandardCharsets.US_ASCII);
            if (mark.length != 40) {
                throw new IOException("EOF mark of " + mark.length + " bytes: '" + header + "'");
            }
            // Byte by byte, so nothing after the mark is consumed: the stream stays for the test.
            byte[] rdb = new byte[4096];
            int size = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed inside the EOF-marked payload");
                }
                if (size == rdb.length) {
                    rdb = Arrays.copyOf(rdb, size * 2);
                }
                rdb[size++] = (byte) b;
                if (size >= 40 && Arrays.equals(rdb, size - 40, size, mark, 0, 40)) {
                    return new FullSync(replid, offset, true, keepalives, Arrays.copyOf(rdb, size - 40));
                }
            }
        }
        int length = Integer.parseInt(header.substring(1));
        byte[] rdb = in.readNBytes(length);
        if (rdb.length != length) {
            throw new EOFException("payload truncated at " + rdb.length + " of " + length + " bytes");
        }
        return new FullSync(replid, offset, false, keepalives, rdb);
    }

    /** Sends {@code REPLCONF <option> <value>} before PSYNC; returns the reply line ({@code +OK} or an error). */
    public String replconf(String option, String value) throws IOException {
        return command("REPLCONF", option, value);
    }

    /** Sends {@code REPLCONF ACK <offset>}. */
    public void ack(long offset) throws IOException {
        send("REPLCONF", "ACK", Long.toString(offset));
    }

    /**
     * Reads at most {@code max} stream bytes, waiting up to {@code timeoutMillis} for the first
     * one; an empty array when none came in time.
     */
    public byte[] readAvailable(int max, int timeoutMillis) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout(timeoutMillis);
        try {
            byte[] buf = new byte[max];
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                return new byte[0];
            }
            if (n < 0) {
                throw new EOFException("connection closed by the master");
            }
            int more = Math.min(in.available(), max - n);
            if (more > 0) {
                n += in.read(buf, n, more);
            }
            return Arrays.copyOf(buf, n);
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    /** Reads exactly {@code n} stream bytes. */
    public byte[] readExactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("stream ended after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    private String command(String... argv) throws IOException {
        send(argv);
        return readLine();
    }

    private void expectPlus(String reply) throws IOException {
        if (!reply.startsWith("+")) {
            throw new IOException("handshake reply '" + reply + "'");
        }
    }

    private void send(String... argv) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append('*').append(argv.length).append("\r\n");
        for (String a : argv) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A line without its terminator; a bare {@code \n} gives an empty line. */
    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed mid-line");
            }
            if (b.size() > 4096) {
                throw new IOException("line longer than 4096 bytes");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
