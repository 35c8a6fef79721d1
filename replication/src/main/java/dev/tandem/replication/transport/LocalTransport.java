package dev.tandem.replication.transport;

import dev.tandem.replication.spi.NettyTransport;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.spi.TransportOptions;
import io.netty.channel.Channel;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;

/**
 * In-JVM channels ({@link LocalChannel}): nodes in one process talk without ports or sockets,
 * addressed by name ({@link NodeAddress.Local}). Byte streams behave like TCP's (ordered,
 * split arbitrarily), which makes integration tests fast and free of port clashes.
 */
public final class LocalTransport extends NettyTransport {

    public LocalTransport(TransportOptions options) {
        super(options, new DefaultEventLoopGroup(1, new DefaultThreadFactory(options.threadNamePrefix() + "-local-accept", true)),
                new DefaultEventLoopGroup(options.ioThreads(),
                        new DefaultThreadFactory(options.threadNamePrefix() + "-local-io", true)));
    }

    public LocalTransport() {
        this(TransportOptions.defaults());
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Class<? extends ServerChannel> serverChannelType() {
        return LocalServerChannel.class;
    }

    @Override
    public Class<? extends Channel> clientChannelType() {
        return LocalChannel.class;
    }

    /** The in-JVM endpoint named {@code host}; the port means nothing here. */
    @Override
    public NodeAddress address(String host, int port) {
        return NodeAddress.local(host);
    }

    @Override
    public NodeAddress defaultListenAddress(String nodeName) {
        return NodeAddress.local(nodeName);
    }

    @Override
    public SocketAddress toSocketAddress(NodeAddress address) {
        if (address instanceof NodeAddress.Local local) {
            return new LocalAddress(local.name());
        }
        throw new IllegalArgumentException("local transport cannot reach " + address);
    }

    @Override
    public NodeAddress toNodeAddress(SocketAddress address) {
        if (address instanceof LocalAddress local) {
            return NodeAddress.local(local.id());
        }
        throw new IllegalArgumentException("not a local address: " + address);
    }
}
