/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A RESP2 connection for load generation: commands are encoded into one buffer and written with
 * one system call per batch, replies are parsed just enough to be skipped and to surface errors.
 * The harness uses it for both Tandem and redis-server, so both see the same client.
 *
 * <p>{@code testkit}'s {@code RespClient} flushes after every command, which would make the
 * client the bottleneck of a pipelined writer.
 */
final class PipelinedConnection implements AutoCloseable {
    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private int queued;
    private long errors;
    private String firstError;

    private PipelinedConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    static PipelinedConnection connect(int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(60_000);
        return new PipelinedConnection(s);
    }

    /** Encodes one command into the batch; nothing is sent until {@link #flush()}. */
    void queue(byte[]... argv) {
        appendHeader('*', argv.length);
        for (byte[] arg : argv) {
            appendHeader('$', arg.length);
            append(arg, arg.length);
            append(CRLF, 2);
        }
        queued++;
    }

    /** Sends the batch and reads (and discards) its replies; returns how many replies were read. */
    int flush() throws IOException {
        out.write(buffer, 0, length);
        out.flush();
        length = 0;
        int n = queued;
        queued = 0;
        for (int i = 0; i < n; i++) {
            skipReply();
        }
        return n;
    }

    /** Error replies seen so far (a benchmark with errors is not a valid figure). */
    long errors() {
        return errors;
    }

    String firstError() {
        return firstError;
    }

    private void appendHeader(char type, int n) {
        byte[] digits = Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
        ensure(digits.length + 3);
        buffer[length++] = (byte) type;
        System.arraycopy(digits, 0, buffer, length, digits.length);
        length += digits.length;
        buffer[length++] = '\r';
        buffer[length++] = '\n';
    }

    private void append(byte[] bytes, int n) {
        ensure(n);
        System.arraycopy(bytes, 0, buffer, length, n);
        length += n;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private void skipReply() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed");
        }
        switch (type) {
            case '+', ':' -> skipLine();
            case '-' -> {
                String text = readLine();
                if (errors++ == 0) {
                    firstError = text;
                }
            }
            case '$' -> {
                long len = Long.parseLong(readLine());
                if (len >= 0) {
                    skipBytes(len + 2);
                }
            }
            case '*' -> {
                long n = Long.parseLong(readLine());
                for (long i = 0; i < n; i++) {
                    skipReply();
                }
            }
            default -> throw new IOException("unexpected RESP type byte " + (char) type);
        }
    }

    private void skipLine() throws IOException {
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed mid-line");
            }
        }
    }

    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("connection closed mid-line");
            }
            b.append((char) c);
        }
        in.read();
        return b.toString();
    }

    private void skipBytes(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("connection closed mid-bulk");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
