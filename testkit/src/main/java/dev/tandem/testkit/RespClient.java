package dev.tandem.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately independent, blocking RESP2 client for tests: it shares no code with Tandem's
 * codec, so it can judge it. Replies: {@code String} (simple), {@code Long}, {@code byte[]}
 * (bulk), {@code null}, {@code List<Object>}, {@link ErrorReply}.
 */
public final class RespClient implements AutoCloseable {
    /** An error reply ({@code -ERR ...}). */
    public record ErrorReply(String text) { }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    public static RespClient connect(String host, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 5000);
        s.setSoTimeout(30_000);
        return new RespClient(s);
    }

    public Object call(String... argv) throws IOException {
        byte[][] b = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            b[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        return call(b);
    }

    public Object call(byte[]... argv) throws IOException {
        send(argv);
        return read();
    }

    /** A call whose reply must be a bulk or simple string; returned as UTF-8. */
    public String callString(String... argv) throws IOException {
        Object r = call(argv);
        if (r instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (r instanceof String s) {
            return s;
        }
        throw new IOException("expected a string reply to " + String.join(" ", argv) + ", got " + describe(r));
    }

    public void send(byte[]... argv) throws IOException {
        out.write(('*' + Integer.toString(argv.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            out.write(('$' + Integer.toString(a.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(a);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
    }

    public Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new ErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(len);
                if (b.length < len) {
                    throw new EOFException("truncated bulk");
                }
                readLine();
                return b;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type byte " + (char) type);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("connection closed mid-line");
            }
            b.write(c);
        }
        if (in.read() != '\n') {
            throw new IOException("CR not followed by LF");
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** A readable rendering of a reply, for assertion messages and comparisons. */
    public static String describe(Object r) {
        if (r == null) {
            return "(nil)";
        }
        if (r instanceof byte[] b) {
            return "\"" + new String(b, StandardCharsets.UTF_8) + "\"";
        }
        if (r instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) {
                parts.add(describe(o));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        if (r instanceof ErrorReply e) {
            return "-" + e.text();
        }
        if (r instanceof Long n) {
            return ":" + n;
        }
        return "+" + r;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
