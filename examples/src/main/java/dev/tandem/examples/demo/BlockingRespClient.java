/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.demo;

import dev.tandem.resp.RespDecoderLimits;
import dev.tandem.resp.RespFrame;
import dev.tandem.resp.RespFrameParser;
import dev.tandem.resp.RespMessage;
import dev.tandem.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * A minimal blocking RESP client over a plain socket, built on Tandem's own {@code resp} codec:
 * what any Redis client does to talk to a node's listener ({@code INFO}, {@code CLIENT KILL},
 * {@code SHUTDOWN}). One request at a time; not thread-safe.
 */
final class BlockingRespClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    // Replies are assembled whole: the examples never ask for values near the 512 MB bulk limit.
    private final RespFrameParser parser = new RespFrameParser(RespDecoderLimits.defaults(), Integer.MAX_VALUE);
    private final ByteBuf received = Unpooled.buffer(256);
    private final byte[] readBuffer = new byte[8192];

    private BlockingRespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code host:port}; every read waits at most {@code timeout}. */
    static BlockingRespClient connect(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            return new BlockingRespClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one command and returns its reply (an error reply is returned, not thrown). */
    RespFrame call(String... argv) throws IOException {
        send(argv);
        return readReply();
    }

    /** Sends one command without reading a reply (for {@code SHUTDOWN}, which closes the connection). */
    void send(String... argv) throws IOException {
        ByteBuf request = Unpooled.buffer();
        try {
            RespWriter.writeCommand(request, argv);
            request.readBytes(out, request.readableBytes());
        } finally {
            request.release();
        }
        out.flush();
    }

    /**
     * Reads the next reply.
     *
     * @throws EOFException when the server closes the connection first
     */
    RespFrame readReply() throws IOException {
        while (true) {
            RespMessage message = parser.parse(received);
            received.discardReadBytes();
            if (message instanceof RespFrame frame) {
                return frame;
            }
            if (message != null) {
                throw new IOException("unexpected streamed reply " + message.getClass().getSimpleName());
            }
            int n = in.read(readBuffer);
            if (n < 0) {
                throw new EOFException("connection closed by the server");
            }
            received.writeBytes(readBuffer, 0, n);
        }
    }

    @Override
    public void close() throws IOException {
        received.release();
        socket.close();
    }
}
