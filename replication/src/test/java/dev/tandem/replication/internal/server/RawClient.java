package dev.tandem.replication.internal.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A blocking socket client that sends raw bytes and reads raw replies, for byte-exact checks. */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(String host, int port) {
        try {
            socket = new Socket(host, port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Socket socket() {
        return socket;
    }

    RawClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a command as a RESP array of bulk strings. */
    RawClient command(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(new String(b, StandardCharsets.ISO_8859_1))
                    .append("\r\n");
        }
        return send(sb.toString());
    }

    /** Reads exactly {@code n} bytes. */
    String read(int n) {
        try {
            byte[] buf = in.readNBytes(n);
            if (buf.length < n) {
                throw new IllegalStateException("connection closed after " + buf.length + " of " + n + " bytes: "
                        + new String(buf, StandardCharsets.ISO_8859_1));
            }
            return new String(buf, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the bytes of {@code expected}'s length and returns them. */
    String readLike(String expected) {
        return read(expected.getBytes(StandardCharsets.ISO_8859_1).length);
    }

    /** Reads one line including its CRLF. */
    String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int prev = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IllegalStateException("connection closed in a line: " + line);
                }
                line.write(b);
                if (prev == '\r' && b == '\n') {
                    return line.toString(StandardCharsets.ISO_8859_1);
                }
                prev = b;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server closed the connection (reads EOF; a reset counts as closed). */
    boolean closedByPeer() {
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
