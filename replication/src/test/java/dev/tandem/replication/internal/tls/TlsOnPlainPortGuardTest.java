/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TlsOnPlainPortGuardTest {

    @Test
    void aTlsHandshakeRecordClosesTheConnection() {
        EmbeddedChannel ch = new EmbeddedChannel(new TlsOnPlainPortGuard());
        ByteBuf hello = Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05});
        ch.writeInbound(hello);
        assertFalse(ch.isOpen());
        assertNull(ch.readInbound(), "nothing reaches the RESP handlers");
        assertEquals(0, hello.refCnt(), "released");
    }

    @Test
    void anythingElsePassesAndTheGuardStepsAside() {
        EmbeddedChannel ch = new EmbeddedChannel(new TlsOnPlainPortGuard());
        ch.writeInbound(Unpooled.copiedBuffer("PING\r\n", StandardCharsets.US_ASCII));
        ByteBuf first = ch.readInbound();
        assertEquals("PING\r\n", first.toString(StandardCharsets.US_ASCII));
        first.release();
        assertNull(ch.pipeline().get(TlsOnPlainPortGuard.class));
        // A later 0x16 byte is data, not a handshake.
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16}));
        ByteBuf second = ch.readInbound();
        assertTrue(ch.isOpen());
        second.release();
        ch.finishAndReleaseAll();
    }
}
