package dev.tandem.core.reference;

import dev.tandem.core.reply.Reply;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2/RESP3 client over a unix socket, for comparing Tandem with a real
 * redis-server in tests. Replies become {@link Reply} trees (core has no Netty, so this is a
 * small hand-written reader; tests only).
 */
public final class RespClient implements AutoCloseable {
    private final SocketChannel channel;
    private final java.io.InputStream in;

    public RespClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new java.io.BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
    }

    /** Sends one command as an array of bulk strings. */
    public void send(byte[]... argv) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + argv.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(a);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        ByteBuffer buf = ByteBuffer.wrap(out.toByteArray());
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    public Reply call(String... argv) throws IOException {
        byte[][] bytes = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            bytes[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        send(bytes);
        return read();
    }

    /** Reads one byte, for callers that parse a raw stream (the replication payload). */
    public int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }

    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = readByte();
            if (b == '\r') {
                int n = readByte();
                if (n != '\n') {
                    throw new IOException("CR without LF");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    public byte[] readExactly(long n) throws IOException {
        byte[] b = in.readNBytes((int) n);
        if (b.length != n) {
            throw new EOFException("short read");
        }
        return b;
    }

    /** Reads one reply; RESP3 attributes and pushes are skipped. */
    public Reply read() throws IOException {
        String line = readLine();
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+':
                return new Reply.SimpleReply(rest);
            case '-':
                return new Reply.ErrorReply(rest);
            case ':':
                return new Reply.IntegerReply(Long.parseLong(rest));
            case '$': {
                long n = Long.parseLong(rest);
                if (n < 0) {
                    return Reply.NULL;
                }
                byte[] b = readExactly(n);
                readLine();
                return new Reply.BulkReply(b);
            }
            case '=': {
                byte[] b = readExactly(Long.parseLong(rest));
                readLine();
                return new Reply.VerbatimReply(new String(b, 0, 3, StandardCharsets.UTF_8),
                        java.util.Arrays.copyOfRange(b, 4, b.length));
            }
            case '*': {
                long n = Long.parseLong(rest);
                return n < 0 ? Reply.NULL_ARRAY : new Reply.ArrayReply(items(n));
            }
            case '~':
                return new Reply.SetReply(items(Long.parseLong(rest)));
            case '%':
                return new Reply.MapReply(items(2 * Long.parseLong(rest)));
            case '_':
                return Reply.NULL;
            case ',':
                return new Reply.DoubleReply(Double.parseDouble(rest));
            case '#':
                return new Reply.BooleanReply(rest.equals("t"));
            case '(':
                return new Reply.BulkReply(rest.getBytes(StandardCharsets.US_ASCII));
            case '|':
                items(2 * Long.parseLong(rest));
                return read();
            case '>':
                items(Long.parseLong(rest));
                return read();
            default:
                throw new IOException("unexpected RESP type in: " + line);
        }
    }

    private List<Reply> items(long n) throws IOException {
        List<Reply> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(read());
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
