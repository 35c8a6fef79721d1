/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.Role;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.buffer.ByteBuf;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A transport written by a user against the SPI alone: its own address type (not one of the
 * built-in ones), its own mapping of {@code host port}, a pipeline decoration of its own, built on
 * the public {@link NettyTransport} base. Master and replica replicate through it unchanged.
 */
class CustomTransportTest {

    /** An address kind Tandem has never heard of. */
    record PipeAddress(String pipe) implements NodeAddress {
        @Override
        public String host() {
            return pipe;
        }

        @Override
        public int port() {
            return 0;
        }
    }

    /** In-JVM pipes named "pipe:&lt;name&gt;", counting every byte written through them. */
    static final class PipeTransport extends NettyTransport {
        final AtomicLong bytesWritten = new AtomicLong();

        PipeTransport(AtomicLong counter) {
            super(TransportOptions.defaults().withDecorator((channel, side) -> channel.pipeline().addLast(new ChannelDuplexHandler() {
                        @Override
                        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                            if (msg instanceof ByteBuf buf) {
                                counter.addAndGet(buf.readableBytes());
                            }
                            ctx.write(msg, promise);
                        }
                    })),
                    new DefaultEventLoopGroup(1), new DefaultEventLoopGroup(2));
        }

        @Override
        public String name() {
            return "pipe";
        }

        @Override
        public Class<? extends ServerChannel> serverChannelType() {
            return LocalServerChannel.class;
        }

        @Override
        public Class<? extends Channel> clientChannelType() {
            return LocalChannel.class;
        }

        @Override
        public NodeAddress address(String host, int port) {
            return new PipeAddress(host + "-" + port);
        }

        @Override
        public NodeAddress defaultListenAddress(String nodeName) {
            return new PipeAddress(nodeName);
        }

        @Override
        public SocketAddress toSocketAddress(NodeAddress address) {
            if (address instanceof PipeAddress pipe) {
                return new LocalAddress("pipe:" + pipe.pipe());
            }
            throw new IllegalArgumentException("pipes only: " + address);
        }

        @Override
        public NodeAddress toNodeAddress(SocketAddress address) {
            String id = ((LocalAddress) address).id();
            return new PipeAddress(id.startsWith("pipe:") ? id.substring(5) : id);
        }
    }

    @Test
    void masterAndReplicaReplicateThroughAUsersTransport() throws Exception {
        AtomicLong bytes = new AtomicLong();
        try (PipeTransport transport = new PipeTransport(bytes);
             ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("m").transport(transport)
                     .listen(new PipeAddress("m-6379")).start();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("r").transport(transport)
                     // REPLICAOF host port, mapped by the transport onto its own addresses
                     .replicaOf("m", 6379).start()) {
            master.set("before", "sync");
            assertTrue(replica.awaitSynced(Duration.ofSeconds(15)));
            master.hset("h", "f", "v");
            assertTrue(master.awaitSynced(Duration.ofSeconds(15)));
            assertEquals("sync", replica.get("before"));
            assertEquals("v", replica.hget("h", "f"));
            assertEquals(master.digest(), replica.digest());
            assertEquals(new PipeAddress("m-6379"), master.address());
            assertEquals(new PipeAddress("r"), replica.address());
            assertEquals(Role.REPLICA, replica.role());
            assertTrue(replica.replicationInfo().toString().contains("master_host:m-6379\r\n"),
                    replica.replicationInfo().toString());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> bytes.get() > 0);
        }
    }
}
