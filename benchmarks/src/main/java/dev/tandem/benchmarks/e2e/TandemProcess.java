package dev.tandem.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TandemNodeMain} child JVM on the harness's class path, stopped by its PID (stdin
 * closed first, so it can close its node; destroyed if it does not exit).
 */
final class TandemProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private TandemProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static TandemProcess start(String name, String maxHeap) throws IOException {
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(javaBinary.toString(), "-Xmx" + maxHeap, "-cp",
                System.getProperty("java.class.path"), TandemNodeMain.class.getName(), name);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    if (line.startsWith(TandemNodeMain.READY_PREFIX)) {
                        ready.complete(Integer.parseInt(line.substring(TandemNodeMain.READY_PREFIX.length()).trim()));
                    } else {
                        System.err.println("[" + name + "] " + line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException(name + " exited before listening: " + output));
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int port = ready.get(30, TimeUnit.SECONDS);
            return new TandemProcess(process, port);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException(name + " did not start: " + output, e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
