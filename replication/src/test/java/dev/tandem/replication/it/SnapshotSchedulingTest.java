package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.testing.Cluster;
import dev.tandem.replication.testing.SimpleSnapshotFormat;
import dev.tandem.replication.testing.Workloads;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How full syncs are produced: shared snapshots, the disk ({@code $<len>}) form, legacy SYNC, other formats. */
class SnapshotSchedulingTest {

    @Test
    void replicasArrivingWithinTheDisklessDelayShareOneSnapshot() throws Exception {
        try (Cluster c = Cluster.master().replicas(2)
                .configureMaster(b -> b.directive("repl-diskless-sync-delay", "1")).start()) {
            Workloads.fill(c.masterNode(), 500, 5);
            c.awaitConverged();
            assertEquals(1, c.masterNode().syncCounters().snapshots());
            assertEquals(2, c.masterNode().syncCounters().syncFull());
        }
    }

    @Test
    void diskTransferWithLengthPrefix() throws Exception {
        try (Cluster c = Cluster.master().replicas(2)
                .configureMaster(b -> b.directive("repl-diskless-sync", "no")).start()) {
            Workloads.fill(c.masterNode(), 2_000, 6);
            c.masterNode().set("after", "sync");
            c.awaitConverged();
            assertEquals("sync", c.replica(1).get("after"));
        }
    }

    @Test
    void aNonRdbSnapshotFormatServesTandemPeers() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).format(new SimpleSnapshotFormat()).start()) {
            Workloads.fill(c.masterNode(), 1_000, 7);
            c.awaitConverged();
        }
    }

    @Test
    void legacySyncGetsTheLengthFormWithoutFullresyncAndThenTheStream() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().start();
             Socket socket = new Socket("127.0.0.1", master.port())) {
            master.set("k", "v");
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("SYNC\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String header = readLine(in);
            while (header.isEmpty()) {
                header = readLine(in);
            }
            assertTrue(header.startsWith("$"), header);
            int length = Integer.parseInt(header.substring(1));
            byte[] rdb = in.readNBytes(length);
            assertEquals("REDIS0009", new String(rdb, 0, 9, StandardCharsets.US_ASCII));
            master.set("next", "write");
            byte[] stream = readUntil(in, "write\r\n");
            String text = new String(stream, StandardCharsets.US_ASCII);
            assertTrue(text.startsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$4\r\nnext"), text);
        }
    }

    private static String readLine(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new java.io.EOFException();
            }
            line.write(c);
        }
        String s = line.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static byte[] readUntil(InputStream in, String end) throws java.io.IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (!buf.toString(StandardCharsets.US_ASCII).endsWith(end)) {
            int c = in.read();
            if (c < 0) {
                throw new java.io.EOFException(buf.toString(StandardCharsets.US_ASCII));
            }
            buf.write(c);
        }
        return buf.toByteArray();
    }
}
