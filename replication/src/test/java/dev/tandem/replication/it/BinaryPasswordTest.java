/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RawClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 defect 5: {@code CONFIG SET requirepass "\xff\xfe\xfd\xfc"} stored U+FFFD four
 * times, so the chosen password failed and a predictable one worked. Config values are bytes,
 * as in Redis: those four bytes are the password.
 */
class BinaryPasswordTest {

    private static final byte[] PASSWORD = {(byte) 0xff, (byte) 0xfe, (byte) 0xfd, (byte) 0xfc};

    @Test
    void aNonUtf8PasswordIsStoredAsItsBytes() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().name("binary-password").listen("127.0.0.1", 0)
                .build().start();
                RawClient admin = RawClient.connect("127.0.0.1", node.port())) {
            admin.send(command("CONFIG".getBytes(), "SET".getBytes(), "requirepass".getBytes(), PASSWORD));
            assertEquals("+OK", admin.readReplyLine());

            try (RawClient c = RawClient.connect("127.0.0.1", node.port())) {
                c.send(command("AUTH".getBytes(), "\uFFFD".repeat(4).getBytes(StandardCharsets.UTF_8)));
                assertTrue(c.readReplyLine().startsWith("-WRONGPASS"), "the replacement characters are not the password");
                c.send(command("AUTH".getBytes(), new byte[] {(byte) 0xfc, (byte) 0xfd, (byte) 0xfe, (byte) 0xff}));
                assertTrue(c.readReplyLine().startsWith("-WRONGPASS"), "nor is another invalid sequence");
                c.send(command("AUTH".getBytes(), PASSWORD));
                assertEquals("+OK", c.readReplyLine());
                c.send(command("CONFIG".getBytes(), "GET".getBytes(), "requirepass".getBytes()));
                assertEquals("*2", c.readReplyLine());
                assertEquals("$11", c.readReplyLine());
                assertEquals("requirepass", c.readReplyLine());
                assertEquals("$4", c.readReplyLine());
                assertArrayEquals(PASSWORD, c.readBytes(4), "CONFIG GET gives the bytes back");
            }
        }
    }

    private static byte[] command(byte[]... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + argv.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(a);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
