package dev.tandem.rdb;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real {@code redis-server} for interop tests: loopback only, an ephemeral port, its own
 * data directory, no persistence except explicit SAVE. Stopped by its own process handle.
 * Speaks just enough RESP2 to send commands and read replies.
 */
final class RedisServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** An error reply. */
    static final class ErrorReply extends RuntimeException {
        ErrorReply(String message) {
            super(message);
        }
    }

    private RedisServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Path of an executable on the PATH, or null. */
    static Path executable(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String entry : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Skips the test visibly when the Redis tools are missing, except under CI=true, where it fails. */
    static void assumeInstalled() {
        boolean present = executable("redis-server") != null && executable("redis-check-rdb") != null;
        if (!present) {
            String message = "redis-server / redis-check-rdb not installed (apt-get install redis-server redis-tools)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + "; interop tests must run when CI=true");
            }
            Assumptions.assumeTrue(false, message + "; skipping interop test");
        }
    }

    /** Starts a server with {@code dir} as its data directory and {@code dbfilename} dump.rdb. */
    static RedisServer start(Path dir, String... extraArgs) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(executable("redis-server").toString(),
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                    "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no", "--daemonize", "no"));
            cmd.addAll(List.of(extraArgs));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
            RedisServer server = new RedisServer(p, port, dir);
            try {
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                        .until(() -> !p.isAlive() || server.tryConnect());
                if (p.isAlive()) {
                    return server;
                }
                last = new IOException("redis-server exited: " + Files.readString(dir.resolve("redis-" + port + ".log")));
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
        throw last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private boolean tryConnect() {
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            s.setSoTimeout(30_000);
            socket = s;
            in = new BufferedInputStream(s.getInputStream());
            out = s.getOutputStream();
            Object pong = command("PING");
            return "PONG".equals(pong);
        } catch (IOException | ErrorReply e) {
            // LOADING or not yet listening: try again
            return false;
        }
    }

    Path dir() {
        return dir;
    }

    /** Sends a command; returns String (simple), byte[] (bulk), Long, List, or null. */
    Object command(Object... args) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (Object a : args) {
                byte[] b = a instanceof byte[] bytes ? bytes : a.toString().getBytes(StandardCharsets.UTF_8);
                buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                buf.writeBytes(b);
                buf.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(buf.toByteArray());
            out.flush();
            return reply();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bulk reply as UTF-8 text, or null. */
    String text(Object... args) {
        Object r = command(args);
        return r == null ? null : r instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : r.toString();
    }

    long integer(Object... args) {
        return (Long) command(args);
    }

    @SuppressWarnings("unchecked")
    List<Object> array(Object... args) {
        return (List<Object>) command(args);
    }

    private Object reply() throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new ErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(len);
                in.readNBytes(2);
                return b;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    try {
                        items.add(reply());
                    } catch (ErrorReply e) {
                        items.add(e);
                    }
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type byte " + type);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // the process is stopped below either way
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs redis-check-rdb on a file; returns exit status and output. */
    static String[] checkRdb(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(executable("redis-check-rdb").toString(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("redis-check-rdb did not finish");
        }
        return new String[] {Integer.toString(p.exitValue()), output};
    }
}
