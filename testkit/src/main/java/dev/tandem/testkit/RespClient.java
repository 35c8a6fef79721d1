/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately independent, blocking RESP2/RESP3 client for tests: it shares no code with
 * Tandem's codec, so it can judge it. It connects over TCP or a Unix socket.
 *
 * <p>Replies: {@code String} (simple), {@code Long}, {@code byte[]} (bulk), {@code null} (null
 * bulk, RESP3 null), {@link #NULL_ARRAY} ({@code *-1}), {@code List<Object>}, {@link ErrorReply},
 * and for RESP3 {@link MapReply}, {@link SetReply}, {@link DoubleReply}, {@code Boolean},
 * {@link VerbatimReply}, {@link BigNumberReply}, {@link PushReply}; attributes are skipped.
 */
public final class RespClient implements AutoCloseable {
    /** An error reply ({@code -ERR ...}). */
    public record ErrorReply(String text) { }

    /** The RESP2 null array ({@code *-1}), which Redis keeps apart from the null bulk string. */
    public record NullArrayReply() { }

    public static final NullArrayReply NULL_ARRAY = new NullArrayReply();

    /** RESP3 map: keys and values alternating, in wire order. */
    public record MapReply(List<Object> keysAndValues) { }

    /** RESP3 set, in wire order. */
    public record SetReply(List<Object> items) { }

    /** RESP3 double, as the text on the wire ({@code inf}, {@code -inf}, {@code nan} included). */
    public record DoubleReply(String text) {
        public double value() {
            return switch (text) {
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                case "nan" -> Double.NaN;
                default -> Double.parseDouble(text);
            };
        }
    }

    /** RESP3 verbatim string: a three-letter format ({@code txt}) and the text. */
    public record VerbatimReply(String format, byte[] text) { }

    /** RESP3 big number, as its decimal text. */
    public record BigNumberReply(String digits) { }

    /** RESP3 out-of-band push. */
    public record PushReply(List<Object> items) { }

    /** A top-level error reply, thrown by the {@link #command} family of calls. */
    public static final class ServerError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ServerError(String text) {
            super(text);
        }
    }

    private final Closeable connection;
    private final CountingInputStream in;
    private final OutputStream out;

    private RespClient(Closeable connection, InputStream in, OutputStream out) {
        this.connection = connection;
        this.in = new CountingInputStream(new BufferedInputStream(in, 1 << 16));
        this.out = new BufferedOutputStream(out, 1 << 16);
    }

    /** Bytes consumed from the connection so far (a replica link's offset comes from this). */
    public long bytesRead() {
        return in.count;
    }

    /** Counts what the reader consumed, not what the buffer below it prefetched. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }

    /** A TCP connection; reads time out after 30 s, so a silent server fails the test. */
    public static RespClient connect(String host, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 5000);
        s.setSoTimeout(30_000);
        return new RespClient(s, s.getInputStream(), s.getOutputStream());
    }

    /**
     * A TLS connection made with {@code context} (see {@link TestCertificates}); the handshake
     * completes here, so a refused certificate fails this call. Reads time out after 30 s.
     */
    public static RespClient connectTls(String host, int port, javax.net.ssl.SSLContext context) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(host, port), 5000);
        plain.setSoTimeout(30_000);
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket(plain, host, port, true);
        s.startHandshake();
        return new RespClient(s, s.getInputStream(), s.getOutputStream());
    }

    /** A Unix socket connection (reads block without a timeout). */
    public static RespClient connect(Path unixSocket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(unixSocket));
        return new RespClient(channel, Channels.newInputStream(channel), Channels.newOutputStream(channel));
    }

    // ---- calls ----------------------------------------------------------------------------

    public Object call(String... argv) throws IOException {
        return call(toBytes(argv));
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

    /** Sends all commands, then reads all replies (pipelined). */
    public List<Object> pipeline(List<byte[][]> commands) throws IOException {
        for (byte[][] argv : commands) {
            write(argv);
        }
        out.flush();
        List<Object> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(read());
        }
        return replies;
    }

    /**
     * A call for set-up code: arguments are {@code byte[]} or anything whose {@code toString()}
     * is the argument; a top-level error reply throws {@link ServerError}, I/O errors are
     * unchecked.
     */
    public Object command(Object... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i] instanceof byte[] b ? b : args[i].toString().getBytes(StandardCharsets.UTF_8);
        }
        Object reply;
        try {
            reply = call(argv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (reply instanceof ErrorReply e) {
            throw new ServerError(e.text());
        }
        return reply;
    }

    /** {@link #command} whose reply is a bulk, verbatim or simple string (as UTF-8) or null. */
    public String text(Object... args) {
        Object r = command(args);
        if (r instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (r instanceof VerbatimReply v) {
            return new String(v.text(), StandardCharsets.UTF_8);
        }
        return r == null ? null : r.toString();
    }

    /** {@link #command} whose reply is an integer. */
    public long integer(Object... args) {
        return (Long) command(args);
    }

    /** {@link #command} whose reply is an array. */
    @SuppressWarnings("unchecked")
    public List<Object> array(Object... args) {
        return (List<Object>) command(args);
    }

    // ---- wire -----------------------------------------------------------------------------

    /** Sends one command as an array of bulk strings. */
    public void send(byte[]... argv) throws IOException {
        write(argv);
        out.flush();
    }

    private void write(byte[][] argv) throws IOException {
        out.write(('*' + Integer.toString(argv.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            out.write(('$' + Integer.toString(a.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(a);
            out.write('\r');
            out.write('\n');
        }
    }

    /** Reads one reply. */
    public Object read() throws IOException {
        int type = readByte();
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new ErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                long len = Long.parseLong(line);
                if (len < 0) {
                    return null;
                }
                byte[] b = readExactly(len);
                readLine();
                return b;
            }
            case '*': {
                long n = Long.parseLong(line);
                return n < 0 ? NULL_ARRAY : items(n);
            }
            case '_':
                return null;
            case ',':
                return new DoubleReply(line);
            case '#':
                return line.equals("t");
            case '(':
                return new BigNumberReply(line);
            case '=': {
                byte[] b = readExactly(Long.parseLong(line));
                readLine();
                return new VerbatimReply(new String(b, 0, 3, StandardCharsets.US_ASCII),
                        java.util.Arrays.copyOfRange(b, 4, b.length));
            }
            case '~':
                return new SetReply(items(Long.parseLong(line)));
            case '%':
                return new MapReply(items(2 * Long.parseLong(line)));
            case '>':
                return new PushReply(items(Long.parseLong(line)));
            case '|':
                items(2 * Long.parseLong(line)); // attributes describe the next reply: dropped
                return read();
            default:
                throw new IOException("unexpected RESP type byte " + (char) type + " in: " + line);
        }
    }

    private List<Object> items(long n) throws IOException {
        List<Object> items = new ArrayList<>((int) Math.min(n, 1024));
        for (long i = 0; i < n; i++) {
            items.add(read());
        }
        return items;
    }

    /** One raw byte, for callers that parse a stream that is not a reply (an RDB transfer). */
    public int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }

    /** One raw line without its CRLF. */
    public String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = readByte()) != '\r') {
            b.write(c);
        }
        if (readByte() != '\n') {
            throw new IOException("CR not followed by LF");
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Exactly {@code n} raw bytes. */
    public byte[] readExactly(long n) throws IOException {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IOException("refusing to buffer " + n + " bytes");
        }
        byte[] b = in.readNBytes((int) n);
        if (b.length != n) {
            throw new EOFException("connection closed after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    /** Skips exactly {@code n} raw bytes without buffering them. */
    public void skip(long n) throws IOException {
        in.skipNBytes(n);
    }

    private static byte[][] toBytes(String... argv) {
        byte[][] b = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            b[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        return b;
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
            return describeAll("[", l, "]");
        }
        if (r instanceof ErrorReply e) {
            return "-" + e.text();
        }
        if (r instanceof Long n) {
            return ":" + n;
        }
        if (r instanceof NullArrayReply) {
            return "(nil-array)";
        }
        if (r instanceof MapReply m) {
            return describeAll("{", m.keysAndValues(), "}");
        }
        if (r instanceof SetReply s) {
            return describeAll("~[", s.items(), "]");
        }
        if (r instanceof PushReply p) {
            return describeAll(">[", p.items(), "]");
        }
        if (r instanceof DoubleReply d) {
            return "," + d.text();
        }
        if (r instanceof Boolean b) {
            return b ? "#t" : "#f";
        }
        if (r instanceof BigNumberReply n) {
            return "(" + n.digits();
        }
        if (r instanceof VerbatimReply v) {
            return "=" + v.format() + ":" + new String(v.text(), StandardCharsets.UTF_8);
        }
        return "+" + r;
    }

    private static String describeAll(String open, List<?> items, String close) {
        List<String> parts = new ArrayList<>(items.size());
        for (Object o : items) {
            parts.add(describe(o));
        }
        return open + String.join(", ", parts) + close;
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
