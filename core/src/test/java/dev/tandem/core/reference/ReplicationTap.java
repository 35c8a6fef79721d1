package dev.tandem.core.reference;

import dev.tandem.core.reply.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches what a real redis-server propagates: connects as a replica (PSYNC ? -1), skips the
 * RDB payload and then reads the command stream. To cut the stream into per-command pieces,
 * a test publishes a marker ({@code PUBLISH} is propagated) and reads up to it.
 */
public final class ReplicationTap implements AutoCloseable {
    private final RespClient link;

    public ReplicationTap(RealRedis redis) throws IOException {
        link = redis.connect();
        link.send(bytes("PSYNC"), bytes("?"), bytes("-1"));
        String reply = link.readLine();
        if (!reply.startsWith("+FULLRESYNC")) {
            throw new IOException("unexpected PSYNC reply: " + reply);
        }
        // Disk-based transfer: newlines keep the link alive while the RDB is being saved.
        int b;
        do {
            b = link.readByte();
        } while (b == '\n');
        if (b != '$') {
            throw new IOException("unexpected payload start: " + (char) b);
        }
        long len = Long.parseLong(link.readLine());
        link.readExactly(len);
    }

    /**
     * The commands propagated before {@code PUBLISH channel marker}, each rendered with single
     * spaces; SELECT and the master's heartbeat PINGs are left out.
     */
    public List<String> readUntilMarker(String channel, String marker) throws IOException {
        List<String> out = new ArrayList<>();
        while (true) {
            Reply r = link.read();
            List<String> words = new ArrayList<>();
            for (Reply item : ((Reply.ArrayReply) r).items()) {
                words.add(new String(((Reply.BulkReply) item).bytes(), StandardCharsets.UTF_8));
            }
            String name = words.get(0);
            if (name.equalsIgnoreCase("publish") && words.get(1).equals(channel)
                    && words.get(2).equals(marker)) {
                return out;
            }
            if (name.equalsIgnoreCase("select") || name.equalsIgnoreCase("ping")) {
                continue;
            }
            out.add(String.join(" ", words));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        link.close();
    }
}
