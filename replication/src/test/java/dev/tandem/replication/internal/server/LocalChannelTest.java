/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.KeyspaceClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The same initializer serves in-JVM LocalChannels (the transport layer's test transport). */
class LocalChannelTest {

    @Test
    void commandsOverLocalChannels() {
        Keyspace keyspace = new Keyspace(16, KeyspaceClock.SYSTEM, ServerKeyspaceCommands.standardTable());
        RespServer server = RespServer.builder(keyspace).build();
        EventLoopGroup group = new DefaultEventLoopGroup(2);
        LocalAddress address = new LocalAddress("tandem-server-test");
        StringBuffer received = new StringBuffer();
        try {
            Channel listener = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                    .childHandler(server.channelInitializer()).bind(address).syncUninterruptibly().channel();
            Channel client = new Bootstrap().group(group).channel(LocalChannel.class)
                    .handler(new SimpleChannelInboundHandler<ByteBuf>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                            received.append(msg.toString(StandardCharsets.ISO_8859_1));
                        }
                    }).connect(address).syncUninterruptibly().channel();
            client.writeAndFlush(Unpooled.copiedBuffer(
                    "PING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nlocal\r\nGET k\r\nCLIENT LIST\r\n",
                    StandardCharsets.ISO_8859_1));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.toString().endsWith("resp=2\n\r\n"));
            String replies = received.toString();
            assertEquals("+PONG\r\n+OK\r\n$5\r\nlocal\r\n", replies.substring(0, 23));
            assertEquals(true, replies.contains(" addr=local:"), replies);
            client.close().syncUninterruptibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.connectedClients() == 0);
            listener.close().syncUninterruptibly();
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
