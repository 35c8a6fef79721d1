/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import dev.tandem.replication.transport.LocalTransport;
import dev.tandem.replication.transport.TcpTransport;
import dev.tandem.replication.spi.TransportOptions;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransportTest {

    /** Echoes every byte back: the stand-in for "the same protocol handler". */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }

    /** Collects what a client receives. */
    static final class Collector extends SimpleChannelInboundHandler<ByteBuf> {
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            synchronized (received) {
                byte[] bytes = new byte[msg.readableBytes()];
                msg.readBytes(bytes);
                received.writeBytes(bytes);
            }
        }

        String text() {
            synchronized (received) {
                return received.toString(StandardCharsets.UTF_8);
            }
        }
    }

    record Kind(String name, Function<TransportOptions, Transport> factory, Function<String, NodeAddress> address,
            Class<? extends Channel> clientType) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> transports() {
        return Stream.of(
                Arguments.of(new Kind("tcp-nio", TcpTransport::nio, n -> NodeAddress.tcp("127.0.0.1", 0), NioSocketChannel.class)),
                Arguments.of(new Kind("tcp-epoll", TcpTransport::epoll, n -> NodeAddress.tcp("127.0.0.1", 0), EpollSocketChannel.class)),
                Arguments.of(new Kind("local", LocalTransport::new, NodeAddress::local, LocalChannel.class)));
    }

    private static Transport open(Kind kind, TransportOptions options) {
        if (kind.name().equals("tcp-epoll")) {
            assumeTrue(Epoll.isAvailable(), "native epoll transport is not available on this machine");
        }
        return kind.factory().apply(options);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void theSameHandlerRunsOverEveryTransport(Kind kind) throws Exception {
        String prefix = "echo-" + kind.name();
        Transport transport = open(kind, TransportOptions.defaults().withThreadNamePrefix(prefix));
        try {
            assertEquals(kind.name(), transport.name());
            Channel server = transport.bind(kind.address().apply("echo-" + UUID.randomUUID()), new Echo()).sync().channel();
            NodeAddress bound = transport.toNodeAddress(server.localAddress());
            if (bound instanceof NodeAddress.Tcp tcp) {
                assertNotEquals(0, tcp.port(), "an ephemeral port was assigned");
                assertEquals("127.0.0.1", tcp.host());
            }
            Collector collector = new Collector();
            Channel client = transport.connect(bound, collector).sync().channel();
            assertInstanceOf(kind.clientType(), client);
            client.writeAndFlush(Unpooled.copiedBuffer("PING\r\n", StandardCharsets.US_ASCII));
            client.writeAndFlush(Unpooled.copiedBuffer("second", StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(5)).until(() -> collector.text().equals("PING\r\nsecond"));
            client.close().sync();
            server.close().sync();
        } finally {
            assertTrue(transport.shutdownGracefully(Duration.ofSeconds(5)), "event loops terminated");
        }
        assertTrue(transport.isTerminated());
        assertTrue(transport.acceptorGroup().isTerminated());
        assertTrue(transport.ioGroup().isTerminated());
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith(prefix) && t.isAlive()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void decoratorsRunOnBothSidesBeforeTheProtocolHandler(Kind kind) throws Exception {
        Queue<String> decorated = new ConcurrentLinkedQueue<>();
        TransportOptions options = TransportOptions.defaults()
                .withThreadNamePrefix("deco-" + kind.name())
                .withDecorator((channel, side) -> {
                    decorated.add(side + ":" + (channel.pipeline().get("marker") == null ? "fresh" : "seen-before"));
                    channel.pipeline().addLast("marker", new ChannelInboundHandlerAdapter());
                });
        try (Transport transport = open(kind, options)) {
            Queue<List<String>> serverPipelines = new ConcurrentLinkedQueue<>();
            ChannelInitializer<Channel> serverInit = new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    serverPipelines.add(List.copyOf(ch.pipeline().names()));
                }
            };
            Channel server = transport.bind(kind.address().apply("deco-" + UUID.randomUUID()), serverInit).sync().channel();
            Channel client = transport.connect(transport.toNodeAddress(server.localAddress()), new Collector()).sync().channel();
            await().atMost(Duration.ofSeconds(5)).until(() -> decorated.size() == 2 && serverPipelines.size() == 1);
            assertTrue(decorated.contains("SERVER:fresh") && decorated.contains("CLIENT:fresh"), decorated.toString());
            assertTrue(serverPipelines.peek().contains("marker"), "decorations are in place when the protocol handler initializes");
            assertTrue(client.pipeline().names().contains("marker"));
            client.close().sync();
            server.close().sync();
        }
    }

    @Test
    void transportsRejectForeignAddresses() {
        try (Transport tcp = TcpTransport.nio(TransportOptions.defaults().withThreadNamePrefix("foreign-tcp"));
                Transport local = new LocalTransport(TransportOptions.defaults().withThreadNamePrefix("foreign-local"))) {
            assertThrows(IllegalArgumentException.class, () -> tcp.toSocketAddress(NodeAddress.local("x")));
            assertThrows(IllegalArgumentException.class, () -> local.toSocketAddress(NodeAddress.tcp("127.0.0.1", 1)));
            assertThrows(IllegalArgumentException.class,
                    () -> tcp.toNodeAddress(local.toSocketAddress(NodeAddress.local("x"))));
            assertThrows(IllegalArgumentException.class,
                    () -> local.toNodeAddress(tcp.toSocketAddress(NodeAddress.tcp("127.0.0.1", 1))));
        }
    }

    @Test
    void connectingToNothingFailsTheFuture() throws Exception {
        try (Transport local = new LocalTransport(TransportOptions.defaults().withThreadNamePrefix("nothing"))) {
            var future = local.connect(NodeAddress.local("nobody-listens-" + UUID.randomUUID()), new Collector()).await();
            assertFalse(future.isSuccess());
        }
    }

    @Test
    void createPrefersNativeWhenAvailable() {
        try (TcpTransport transport = TcpTransport.create(TransportOptions.defaults().withThreadNamePrefix("pref"))) {
            assertEquals(Epoll.isAvailable(), transport.isNative());
        }
    }

    @Test
    void addressesValidateAndRender() {
        assertEquals("127.0.0.1:6379", NodeAddress.tcp("127.0.0.1", 6379).toString());
        assertEquals("[::1]:6379", NodeAddress.tcp("::1", 6379).toString());
        assertEquals("local:master-a", NodeAddress.local(" Master-A ").toString());
        assertEquals("master-a", NodeAddress.local("Master-A").host());
        assertEquals(0, NodeAddress.local("a").port());
        assertThrows(IllegalArgumentException.class, () -> NodeAddress.tcp("h", 65536));
        assertThrows(IllegalArgumentException.class, () -> NodeAddress.tcp("h", -1));
        assertThrows(IllegalArgumentException.class, () -> NodeAddress.tcp("", 1));
        assertThrows(IllegalArgumentException.class, () -> NodeAddress.local("  "));
        assertThrows(IllegalArgumentException.class, () -> TransportOptions.defaults().withConnectTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> TransportOptions.defaults().withIoThreads(-1));
    }
}
