package dev.tandem.replication.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The shared part of the transports: group ownership, decorations, bootstraps, shutdown. */
abstract class AbstractTransport implements Transport {

    /** No quiet period: replication links are closed explicitly before shutdown. */
    private static final long QUIET_PERIOD_MILLIS = 0;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2000;

    private final TransportOptions options;
    private final EventLoopGroup acceptorGroup;
    private final EventLoopGroup ioGroup;

    AbstractTransport(TransportOptions options, EventLoopGroup acceptorGroup, EventLoopGroup ioGroup) {
        this.options = options;
        this.acceptorGroup = acceptorGroup;
        this.ioGroup = ioGroup;
    }

    @Override
    public final EventLoopGroup acceptorGroup() {
        return acceptorGroup;
    }

    @Override
    public final EventLoopGroup ioGroup() {
        return ioGroup;
    }

    @Override
    public final List<PipelineDecorator> decorators() {
        return options.decorators();
    }

    final TransportOptions options() {
        return options;
    }

    /** Transport-specific options for accepted channels (e.g. TCP_NODELAY). */
    void configureChildren(ServerBootstrap bootstrap) {
    }

    /** Transport-specific options for connected channels. */
    void configureClient(Bootstrap bootstrap) {
    }

    @Override
    public ServerBootstrap serverBootstrap(ChannelHandler childHandler) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptorGroup, ioGroup)
                .channel(serverChannelType())
                .childHandler(decorating(PipelineDecorator.Side.SERVER, childHandler));
        configureChildren(bootstrap);
        return bootstrap;
    }

    @Override
    public Bootstrap clientBootstrap(ChannelHandler handler) {
        Bootstrap bootstrap = new Bootstrap()
                .group(ioGroup)
                .channel(clientChannelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(decorating(PipelineDecorator.Side.CLIENT, handler));
        configureClient(bootstrap);
        return bootstrap;
    }

    private ChannelInitializer<Channel> decorating(PipelineDecorator.Side side, ChannelHandler handler) {
        List<PipelineDecorator> decorators = options.decorators();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                for (PipelineDecorator decorator : decorators) {
                    decorator.decorate(channel, side);
                }
                channel.pipeline().addLast(handler);
            }
        };
    }

    @Override
    public void shutdownGracefully() {
        acceptorGroup.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        ioGroup.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean shutdownGracefully(Duration timeout) throws InterruptedException {
        shutdownGracefully();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean acceptorDone = acceptorGroup.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        long left = Math.max(0, deadline - System.nanoTime());
        boolean ioDone = ioGroup.awaitTermination(left, TimeUnit.NANOSECONDS);
        return acceptorDone && ioDone;
    }

    @Override
    public String toString() {
        return name() + "-transport";
    }
}
