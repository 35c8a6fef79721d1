package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The master accepts a replica's handshake however it arrives (reference §2.2, §15.1). */
class MasterHandshakeTest {

    private static String command(String... argv) {
        StringBuilder sb = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String a : argv) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "pipelined: {0}")
    @ValueSource(booleans = {true, false})
    void handshakePipelinedOrLockStep(boolean pipelined) throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().directive("requirepass", "pw").start();
             Socket socket = new Socket("127.0.0.1", master.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String[] steps = {command("PING"), command("AUTH", "pw"), command("REPLCONF", "listening-port", "7777"),
                command("REPLCONF", "capa", "eof", "capa", "psync2"), command("PSYNC", "?", "-1")};
            String[] replies = {"-NOAUTH Authentication required.", "+OK", "+OK", "+OK"};
            if (pipelined) {
                out.write(String.join("", steps).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (String expected : replies) {
                    assertEquals(expected, readLine(in));
                }
            } else {
                for (int i = 0; i < replies.length; i++) {
                    out.write(steps[i].getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertEquals(replies[i], readLine(in));
                }
                out.write(steps[4].getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            String fullresync = readLine(in);
            while (fullresync.isEmpty()) {
                fullresync = readLine(in);
            }
            assertTrue(fullresync.matches("\\+FULLRESYNC [0-9a-f]{40} \\d+"), fullresync);
            assertTrue(readLine(in).startsWith("$EOF:"));
            assertTrue(master.replicationInfo().toString().contains("slave0:ip=127.0.0.1,port=7777,"));
        }
    }

    @Test
    void psyncWithoutAuthIsRefused() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().directive("requirepass", "pw").start();
             Socket socket = new Socket("127.0.0.1", master.port())) {
            socket.getOutputStream().write(command("PSYNC", "?", "-1").getBytes(StandardCharsets.US_ASCII));
            assertEquals("-NOAUTH Authentication required.", readLine(socket.getInputStream()));
            assertEquals(0, master.replicationInfo().connectedSlaves());
        }
    }

    private static String readLine(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new java.io.EOFException(line.toString(StandardCharsets.US_ASCII));
            }
            line.write(c);
        }
        String s = line.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
