/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.replication.internal.tls.TlsOnPlainPortGuard;
import dev.tandem.replication.internal.config.DirectiveRegistry;
import dev.tandem.replication.internal.config.Settings;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.internal.persistence.RdbLoadFailedException;
import dev.tandem.replication.internal.server.ServerConfig;
import dev.tandem.replication.internal.server.ShutdownHandler;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.transport.TcpTransport;
import dev.tandem.replication.spi.Transport;
import dev.tandem.replication.spi.TransportOptions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.ArrayList;
import dev.tandem.replication.internal.acl.AclRuleException;
import dev.tandem.replication.internal.acl.AclUsers;
import java.util.List;
import org.slf4j.Logger;

/**
 * Starts a {@link ReplicatedKeyspace} as a {@link LauncherConfig} describes it: the replication
 * directives become its {@code ReplicationConfig}, {@code replicaof} its master,
 * {@code requirepass}, {@code maxclients}, {@code timeout} and {@code protected-mode} its RESP
 * server's settings, {@code tcp-keepalive} a decoration of its own TCP transport, and every
 * {@code bind} address a listener on {@code port}.
 *
 * <p>A node listens on one address itself; further {@code bind} addresses get listeners of
 * their own on the node's transport, serving the same RESP server. The node's own address is the
 * first one not marked optional ({@code -}), else the first. As in Redis, an optional address
 * that cannot be bound is skipped; unlike Redis, whatever the reason: the JVM cannot set
 * {@code IPV6_V6ONLY}, so with Redis's default {@code bind * -::*} the IPv6 wildcard overlaps the
 * IPv4 one and is skipped, and IPv4 clients are served by {@code *}.
 *
 * <p>The {@code tls-*} directives reach the node through its registry; its TLS listener
 * ({@code tls-port}) is on the primary address only. {@code port 0} with a {@code tls-port}
 * makes it the node's only listener, as in Redis.
 */
final class NodeLauncher {

    /** The node's name: its thread names start with it. */
    static final String NODE_NAME = "tandem";

    private NodeLauncher() {
    }

    /**
     * The RESP server's settings from the configuration, as the node's directive registry read
     * them; the password is shown here too, though the node keeps it in its replication
     * configuration (its one owner) once built.
     */
    static ServerConfig serverConfig(LauncherConfig config) {
        return new ServerConfig(config.server()).requirepass(config.replication().requirepass().orElse(null));
    }

    /** The transport's options: Tandem's defaults, plus keepalive unless {@code tcp-keepalive 0}. */
    static TransportOptions transportOptions(LauncherConfig config) {
        TransportOptions options = TransportOptions.defaults().withThreadNamePrefix(NODE_NAME);
        return config.tcpKeepaliveSeconds() > 0
                ? options.withDecorator(new TcpKeepAlive(config.tcpKeepaliveSeconds())) : options;
    }

    /** The index of the {@code bind} address the node itself listens on. */
    static int primaryAddress(List<BindAddress> bind) {
        for (int i = 0; i < bind.size(); i++) {
            if (!bind.get(i).optional()) {
                return i;
            }
        }
        return 0;
    }

    /**
     * Builds the node, installs {@code onShutdown} for {@code SHUTDOWN}, and starts it: it listens
     * on every {@code bind} address, and a replica starts connecting to its master.
     *
     * @throws NodeStartException when a required address cannot be bound (nothing is left running)
     */
    static RunningNode start(LauncherConfig config, ShutdownHandler onShutdown, Logger log) throws NodeStartException {
        if (!config.listensOnTcp() && !config.listensOnTls()) {
            throw new NodeStartException("Tandem needs a TCP listener: port 0 and bind \"\" (no TCP listener, "
                    + "only a Unix socket in Redis) are not supported", null);
        }
        boolean tlsOnly = !config.listensOnTcp();
        if (config.replDisableTcpNodelay()) {
            log.warn("repl-disable-tcp-nodelay yes is not applied: replication links keep TCP_NODELAY on");
        }
        List<BindAddress> bind = config.bind();
        int primary = primaryAddress(bind);
        Transport transport = TcpTransport.create(transportOptions(config));
        ReplicatedKeyspace.Builder builder = NodeInternals.serverConfig(ReplicatedKeyspace.builder()
                .name(NODE_NAME)
                .transport(transport)
                .listen(bind.get(primary).listenHost(), config.port())
                .config(config.replication())
                .persistence(config.persistence())
                // A delayed replica (replica-delay) spills its pending stream where Redis keeps its files.
                .replicaDelaySpillDirectory(config.dir()), serverConfig(config));
        config.replicaOf().ifPresent(master -> builder.replicaOf(master.host(), master.port()));
        // The tls-* directives go to the node through its registry, as CONFIG SET would give them.
        Settings tlsOnlySettings = Settings.ofNode(config.replication(), config.server()).withTls(config.tls());
        DirectiveRegistry.render(tlsOnlySettings).forEach((name, value) -> {
            if (name.startsWith("tls-")) {
                builder.directive(name, value);
            }
        });
        if (tlsOnly) {
            builder.tlsOnly(); // port 0 with a tls-port: TLS on the primary bind address only
        }
        if (!config.sentinels().isEmpty()) {
            builder.sentinels(config.sentinels().toArray(String[]::new));
        }
        config.sentinelMasterName().ifPresent(builder::masterName);
        ReplicatedKeyspace node = builder.build();
        NodeInternals.server(node).shutdownHandler(onShutdown);
        for (String[] rename : config.renameCommands()) {
            // Checked against Redis's command names while reading; Tandem's table has no others.
            NodeInternals.server(node).renameCommand(rename[0], rename[1]);
        }
        configureUsers(config, NodeInternals.server(node).acl());
        List<Channel> extra = new ArrayList<>();
        try {
            try {
                node.start();
            } catch (RdbLoadFailedException e) {
                // A file that cannot be loaded: refuse to start rather than serve part of a data set.
                throw new NodeStartException(e.getMessage(), e);
            } catch (IllegalStateException e) {
                throw cannotListen(bind.get(primary), config.port(), e.getCause() != null ? e.getCause() : e);
            }
            for (int i = 0; i < bind.size(); i++) {
                if (i == primary || tlsOnly) {
                    continue;
                }
                BindAddress address = bind.get(i);
                ChannelFuture bound = transport.bind(NodeAddress.tcp(address.listenHost(), config.port()),
                        TlsOnPlainPortGuard.wrap(NodeInternals.server(node).channelInitializer())).awaitUninterruptibly();
                if (bound.isSuccess()) {
                    extra.add(bound.channel());
                } else if (address.optional()) {
                    log.info("Not listening on {}:{} (an optional bind address): {}", address.address(), config.port(),
                            bound.cause().getMessage());
                } else {
                    throw cannotListen(address, config.port(), bound.cause());
                }
            }
        } catch (NodeStartException | RuntimeException e) {
            new RunningNode(node, extra, transport).close();
            throw e;
        }
        config.configFile().ifPresent(file -> NodeInternals.server(node).configRewriter(
                new ConfigFileRewriter(file, NodeInternals.server(node).configValues(),
                        config.replicaOf().map(m -> m.host() + " " + m.port()), log)));
        return new RunningNode(node, extra, transport);
    }

    /** Redis's two lines: {@code Could not create server TCP listening socket ...} and {@code Failed listening ...}. */
    private static NodeStartException cannotListen(BindAddress address, int port, Throwable cause) {
        return new NodeStartException("Warning: Could not create server TCP listening socket " + address.address()
                + ":" + port + ": " + cause.getMessage() + "\nFailed listening on port " + port + " (TCP), aborting.",
                cause);
    }

    static final String USERS_AND_ACLFILE = "Configuring Redis with users defined in redis.conf and at the same "
            + "setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and "
            + "security holes, please define either an ACL file or declare users directly in your redis.conf, but "
            + "not both.";

    /**
     * The users of the configuration: {@code user} lines or the {@code aclfile}, never both (Redis
     * refuses that mix at start); any bad rule stops the start, as in Redis.
     */
    static void configureUsers(LauncherConfig config, AclUsers acl) throws NodeStartException {
        if (config.aclFile().isPresent()) {
            if (!config.users().isEmpty()) {
                throw new NodeStartException(USERS_AND_ACLFILE, null);
            }
            acl.aclFile(config.aclFile().get());
            try {
                acl.load();
            } catch (AclRuleException e) {
                throw new NodeStartException("Aborting Redis startup because of ACL errors: " + e.getMessage(), null);
            }
            return;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (List<String> user : config.users()) {
            if (!seen.add(user.get(0))) {
                throw new NodeStartException("Error in user declaration '" + user.get(0)
                        + "': Duplicate user found. A user can only be defined once in config files", null);
            }
            try {
                // Redis's ACLLoadConfiguredUsers: the existing default user is reset first (which
                // sets sanitize-payload, shown by ACL LIST); any other declared user is created new.
                if (user.get(0).equals("default")) {
                    acl.setUser(user.get(0), List.of("reset"));
                }
                acl.setUser(user.get(0), user.subList(1, user.size()));
            } catch (AclRuleException e) {
                throw new NodeStartException("Error in user declaration '" + user.get(0) + "': " + e.getMessage(), null);
            }
        }
    }
}
