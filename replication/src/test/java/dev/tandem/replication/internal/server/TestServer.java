/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.KeyspaceClock;
import dev.tandem.testkit.RawClient;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;

/** A RESP server on 127.0.0.1:ephemeral over plain Netty NIO, for tests. */
final class TestServer implements AutoCloseable {

    final Keyspace keyspace;
    final RespServer server;
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(2);
    private final Channel listener;

    private TestServer(Keyspace keyspace, RespServer server, ByteBufAllocator allocator) {
        this.keyspace = keyspace;
        this.server = server;
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(server.channelInitializer());
        if (allocator != null) {
            b.childOption(ChannelOption.ALLOCATOR, allocator);
        }
        this.listener = b.bind("127.0.0.1", 0).syncUninterruptibly().channel();
        server.listeningPort(port());
    }

    static TestServer start() {
        return start(builder -> { });
    }

    static TestServer start(Consumer<RespServer.Builder> customizer) {
        return start(customizer, null);
    }

    static TestServer start(Consumer<RespServer.Builder> customizer, ByteBufAllocator allocator) {
        Keyspace keyspace = new Keyspace(16, KeyspaceClock.SYSTEM, ServerKeyspaceCommands.standardTable());
        RespServer.Builder builder = RespServer.builder(keyspace);
        customizer.accept(builder);
        return new TestServer(keyspace, builder.build(), allocator);
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    Jedis jedis() {
        return new Jedis("127.0.0.1", port(), 10_000);
    }

    RawClient raw() {
        return RawClient.connect("127.0.0.1", port());
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
