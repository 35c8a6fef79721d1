package dev.tandem.core.interop;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Attaches to a real redis-server as a bare replica (plain {@code SYNC}, so a disk-based RDB
 * payload), skips the payload and collects the propagated command stream — each command
 * rendered space-separated — on a background thread.
 */
final class ReplicaStream implements AutoCloseable {
    private final SocketChannel channel;
    private final InputStream in;
    final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();
    private final Thread reader;
    private volatile boolean synced;
    private volatile Throwable failure;

    ReplicaStream(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
        channel.write(java.nio.ByteBuffer.wrap("*1\r\n$4\r\nSYNC\r\n".getBytes(StandardCharsets.US_ASCII)));
        reader = new Thread(this::readLoop, "replica-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    boolean synced() {
        return synced;
    }

    Throwable failure() {
        return failure;
    }

    private void readLoop() {
        try {
            skipPayload();
            synced = true;
            while (true) {
                commands.add(readCommand());
            }
        } catch (IOException | RuntimeException e) {
            if (channel.isOpen()) {
                failure = e;
            }
        }
    }

    private void skipPayload() throws IOException {
        int c;
        while ((c = in.read()) == '\n') {
            // keepalive newlines while the master prepares the RDB
        }
        if (c != '$') {
            throw new IOException("expected the RDB bulk, got " + (char) c);
        }
        long len = Long.parseLong(readLine());
        in.skipNBytes(len);
    }

    private String readCommand() throws IOException {
        int c = in.read();
        if (c != '*') {
            throw new IOException("expected a command array, got " + c);
        }
        int argc = Integer.parseInt(readLine());
        List<String> args = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            if (in.read() != '$') {
                throw new IOException("expected a bulk string");
            }
            int len = Integer.parseInt(readLine());
            args.add(new String(in.readNBytes(len), StandardCharsets.UTF_8));
            in.readNBytes(2);
        }
        return String.join(" ", args);
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException();
            }
            sb.append((char) c);
        }
        in.read();
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
