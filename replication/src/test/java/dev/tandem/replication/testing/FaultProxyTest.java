/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.testing.FaultProxy.Direction;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.transport.TcpTransport;
import dev.tandem.replication.spi.Transport;
import dev.tandem.replication.spi.TransportOptions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FaultProxyTest {

    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }

    private Transport transport;
    private Channel echoServer;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        transport = TcpTransport.nio(TransportOptions.defaults().withThreadNamePrefix("proxy-test"));
        echoServer = transport.bind(NodeAddress.tcp("127.0.0.1", 0), new Echo()).sync().channel();
        proxy = FaultProxy.start((InetSocketAddress) echoServer.localAddress());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        assertTrue(proxy.isClosed(), "the proxy's event loop terminated");
        echoServer.close().sync();
        transport.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String receive(Socket socket, int length) throws IOException {
        byte[] buffer = new byte[length];
        InputStream in = socket.getInputStream();
        int read = 0;
        while (read < length) {
            int n = in.read(buffer, read, length - read);
            if (n < 0) {
                throw new IOException("EOF after " + read + " bytes");
            }
            read += n;
        }
        return new String(buffer, StandardCharsets.US_ASCII);
    }

    /** Reads until EOF (or reset) and returns what came before it. */
    private static String receiveUntilClosed(Socket socket) throws IOException {
        StringBuilder text = new StringBuilder();
        InputStream in = socket.getInputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                text.append((char) b);
            }
        } catch (SocketException reset) {
            // a reset also ends the connection
        }
        return text.toString();
    }

    @Test
    void forwardsBothWaysAndCounts() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "hello");
            assertEquals("hello", receive(socket, 5));
            assertEquals(5, proxy.bytes(Direction.UPSTREAM));
            assertEquals(5, proxy.bytes(Direction.DOWNSTREAM));
            assertEquals(1, proxy.connectionsAccepted());
            assertEquals(1, proxy.openConnections());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 0);
    }

    @Test
    void forwardsLargeVolumesIntact() throws Exception {
        byte[] data = new byte[1 << 20];
        new java.util.Random(5).nextBytes(data);
        try (Socket socket = connect()) {
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(data);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            byte[] back = socket.getInputStream().readNBytes(data.length);
            writer.join();
            assertArrayEquals(data, back);
        }
    }

    @Test
    void cutClosesBothSidesButKeepsAccepting() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "x");
            assertEquals("x", receive(socket, 1));
            proxy.cut();
            assertEquals("", receiveUntilClosed(socket));
        }
        try (Socket again = connect()) {
            send(again, "y");
            assertEquals("y", receive(again, 1));
        }
        assertEquals(2, proxy.connectionsAccepted());
    }

    @Test
    void stallDownstreamHoldsRepliesUntilResumed() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "a");
            assertEquals("a", receive(socket, 1));
            proxy.stall(Direction.DOWNSTREAM);
            send(socket, "abc");
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.bytes(Direction.UPSTREAM) == 4);
            socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
            assertEquals(1, proxy.bytes(Direction.DOWNSTREAM));
            proxy.resume();
            socket.setSoTimeout(5000);
            assertEquals("abc", receive(socket, 3));
        }
    }

    @Test
    void stallUpstreamHoldsRequests() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "a");
            assertEquals("a", receive(socket, 1));
            proxy.stall(Direction.UPSTREAM);
            send(socket, "xyz");
            socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
            assertEquals(1, proxy.bytes(Direction.UPSTREAM));
            proxy.resume(Direction.UPSTREAM);
            socket.setSoTimeout(5000);
            assertEquals("xyz", receive(socket, 3));
        }
    }

    @Test
    void delayHoldsEveryChunkAtLeastThatLongInOrder() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "warm");
            assertEquals("warm", receive(socket, 4));
            proxy.delay(Duration.ofMillis(150));
            long start = System.nanoTime();
            send(socket, "one");
            send(socket, "two");
            assertEquals("onetwo", receive(socket, 6));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 300, "both directions were delayed: " + elapsedMillis + " ms");
            proxy.delay(Duration.ZERO);
            send(socket, "z");
            assertEquals("z", receive(socket, 1));
        }
    }

    @Test
    void truncateAfterForwardsExactlyThatManyBytesThenCloses() throws Exception {
        proxy.truncateAfter(Direction.DOWNSTREAM, 4);
        try (Socket socket = connect()) {
            send(socket, "hello world");
            assertEquals("hell", receiveUntilClosed(socket));
        }
        assertEquals(4, proxy.bytes(Direction.DOWNSTREAM));
        try (Socket again = connect()) {
            send(again, "hello");
            assertEquals("hello", receive(again, 5), "one-shot: the next connection is whole");
        }
    }

    @Test
    void truncateUpstreamCountsAcrossReads() throws Exception {
        try (Socket socket = connect()) {
            proxy.truncateAfter(Direction.UPSTREAM, 5);
            send(socket, "abc");
            assertEquals("abc", receive(socket, 3));
            send(socket, "defgh");
            // The connection closes right after "de" went upstream; the echo may or may not
            // make it back before that.
            String echoed = receiveUntilClosed(socket);
            assertTrue("de".startsWith(echoed), echoed);
        }
        assertEquals(5, proxy.bytes(Direction.UPSTREAM));
    }

    @Test
    void refuseResetsNewConnections() throws Exception {
        proxy.refuse(true);
        try (Socket socket = connect()) {
            try {
                send(socket, "hi");
            } catch (SocketException alreadyReset) {
                // the reset may already have arrived
            }
            assertEquals("", receiveUntilClosed(socket));
        }
        assertEquals(1, proxy.connectionsRefused());
        assertEquals(0, proxy.connectionsAccepted());
        proxy.refuse(false);
        try (Socket socket = connect()) {
            send(socket, "ok");
            assertEquals("ok", receive(socket, 2));
        }
    }

    @Test
    void closeStopsListening() throws Exception {
        int port = proxy.port();
        Socket open = connect();
        send(open, "q");
        assertEquals("q", receive(open, 1));
        proxy.close();
        assertTrue(proxy.isClosed());
        assertEquals("", receiveUntilClosed(open));
        open.close();
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }

    @Test
    void onlyLoopbackTargets() {
        assertThrows(IllegalArgumentException.class, () -> FaultProxy.start(new InetSocketAddress("8.8.8.8", 53)));
    }
}
