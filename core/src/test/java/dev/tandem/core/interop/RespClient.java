package dev.tandem.core.interop;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2 client for differential tests (core has no network code of its
 * own). Replies are rendered in the notation of the command scripts: {@code +OK}, {@code :1},
 * {@code "bulk"}, {@code nil}, {@code [..]}, {@code -ERR ...}.
 */
final class RespClient implements AutoCloseable {
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    RespClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
        out = Channels.newOutputStream(channel);
    }

    /** Sends all commands, then reads all replies (pipelined). */
    List<String> pipeline(List<byte[][]> commands) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (byte[][] argv : commands) {
            buf.write(('*' + Integer.toString(argv.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (byte[] a : argv) {
                buf.write(('$' + Integer.toString(a.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                buf.write(a);
                buf.write('\r');
                buf.write('\n');
            }
        }
        out.write(buf.toByteArray());
        out.flush();
        List<String> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(readReply());
        }
        return replies;
    }

    private String readReply() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException();
        }
        String line = readLine();
        switch (type) {
            case '+':
                return "+" + line;
            case '-':
                return "-" + line;
            case ':':
                return ":" + line;
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return "nil";
                }
                byte[] b = in.readNBytes(len);
                in.readNBytes(2);
                return "\"" + new String(b, StandardCharsets.UTF_8) + "\"";
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return "nil-array";
                }
                List<String> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(readReply());
                }
                return "[" + String.join(", ", items) + "]";
            }
            default:
                throw new IOException("unexpected RESP type " + (char) type);
        }
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
        in.read(); // '\n'
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
