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
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A blocking loopback client that sends raw bytes and reads raw bytes, for byte-exact checks of
 * replies and of a master's replication stream (handshake, transfer, stream). Unlike
 * {@link RespClient} it parses nothing: a test states exactly which bytes it expects. Reads
 * time out after 10 s, so a silent server fails the test. I/O errors are unchecked.
 */
public final class RawClient implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(String host, int port) {
        try {
            return new RawClient(new Socket(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Socket socket() {
        return socket;
    }

    /** Sends {@code text} as ISO-8859-1 bytes (one byte per char), exactly as given. */
    public RawClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a command as a RESP array of bulk strings (arguments in UTF-8). */
    public RawClient command(String... args) {
        return send(encode(args));
    }

    /** The RESP array of bulk strings for {@code args}, as ISO-8859-1 text. */
    public static String encode(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(new String(b, StandardCharsets.ISO_8859_1))
                    .append("\r\n");
        }
        return sb.toString();
    }

    /** Reads exactly {@code n} bytes. */
    public byte[] readBytes(int n) {
        try {
            byte[] buf = in.readNBytes(n);
            if (buf.length < n) {
                throw new IllegalStateException("connection closed after " + buf.length + " of " + n + " bytes: "
                        + new String(buf, StandardCharsets.ISO_8859_1));
            }
            return buf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads exactly {@code n} bytes, as ISO-8859-1 text. */
    public String read(int n) {
        return new String(readBytes(n), StandardCharsets.ISO_8859_1);
    }

    /** Reads the bytes of {@code expected}'s length and returns them. */
    public String readLike(String expected) {
        return read(expected.getBytes(StandardCharsets.ISO_8859_1).length);
    }

    /** Reads whatever arrives next into {@code buf} (at least one byte); -1 at the end. */
    public int readSome(byte[] buf) {
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one line including its CRLF. */
    public String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = readByte();
            line.write(b);
            if (prev == '\r' && b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            prev = b;
        }
    }

    /**
     * The next non-empty line without its line end. A master sends bare newlines as keepalives
     * while it prepares a transfer (before {@code +FULLRESYNC} and before the payload's header);
     * they are skipped.
     */
    public String readReplyLine() {
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = readByte()) != '\n') {
                line.write(b);
            }
            String s = line.toString(StandardCharsets.ISO_8859_1);
            s = s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            if (!s.isEmpty()) {
                return s;
            }
        }
    }

    /** Reads up to and including the first occurrence of {@code end}. */
    public String readUntil(String end) {
        StringBuilder sb = new StringBuilder();
        while (!(sb.length() >= end.length() && sb.lastIndexOf(end) == sb.length() - end.length())) {
            sb.append((char) readByte());
        }
        return sb.toString();
    }

    private int readByte() {
        try {
            int b = in.read();
            if (b < 0) {
                throw new UncheckedIOException(new EOFException("connection closed"));
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server closed the connection (reads EOF; a reset counts as closed). */
    public boolean closedByPeer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
