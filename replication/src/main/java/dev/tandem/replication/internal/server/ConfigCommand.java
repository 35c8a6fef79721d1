/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.GlobPattern;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.internal.config.ByteStrings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.io.IOException;
import dev.tandem.replication.ReplicationInfo;

/**
 * {@code CONFIG GET|SET|RESETSTAT|REWRITE|HELP} over the directives of the
 * {@link dev.tandem.replication.internal.config.DirectiveRegistry}: the replication layer's
 * ({@link ReplicationHooks#config()}, a node's answers for all of them), else the server's own.
 */
final class ConfigCommand {

    private final RespServer server;
    private final ServerDirectives serverDirectives;
    private final Subcommands subcommands;

    ConfigCommand(RespServer server) {
        this.server = server;
        this.serverDirectives = new ServerDirectives(server.config(), server.keyspace().databaseCount());
        this.subcommands = new Subcommands("config", Set.of())
                .add("get", -3, this::get)
                .add("set", -4, this::set)
                .add("resetstat", 2, (c, argv, tx) -> {
                    server.stats().reset();
                    server.keyspace().eviction().resetStats();
                    server.keyspace().resetMemoryPeak();
                    return Reply.OK;
                })
                .add("rewrite", 2, (c, argv, tx) -> rewrite())
                .add("help", 2, (c, argv, tx) -> Subcommands.help("config", List.of(
                        "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
                        "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
                        "RESETSTAT", "    Reset statistics reported by the INFO command.",
                        "REWRITE", "    Rewrite the configuration file.")));
    }

    ServerCommand command() {
        return ServerCommand.of("config", -2, subcommands::execute,
                ServerCommand.Flag.LOADING, ServerCommand.Flag.STALE);
    }

    /**
     * The source that answers for {@code name}: the replication layer's when it lists it (a
     * node answers for every directive, the server's included, so that the password and the
     * output limits have one owner), else the server's own.
     */
    private ConfigDirectives owner(ConfigDirectives replication, String name) {
        // The node's persistence answers for its directives (save, dir, dbfilename, ...) when it has one.
        ConfigDirectives persistence = server.persistence().config();
        if (persistence.names().contains(name)) {
            return persistence;
        }
        if (replication.names().contains(name)) {
            return replication;
        }
        if (server.tracking().names().contains(name)) {
            return server.tracking(); // tracking-table-max-keys
        }
        if (server.diagnostics().names().contains(name)) {
            return server.diagnostics(); // SLOWLOG and LATENCY's directives
        }
        if (serverDirectives.names().contains(name)) {
            return serverDirectives;
        }
        return REDIS_DEFAULTS.names().contains(name) ? REDIS_DEFAULTS : null; // Redis's, not acted on
    }

    private static final ConfigDirectives REDIS_DEFAULTS = new RedisDefaultDirectives();

    private Reply get(ClientConnection client, byte[][] argv, boolean inTransaction) {
        byte[][] patterns = java.util.Arrays.copyOfRange(argv, 2, argv.length);
        Map<String, String> found = values(patterns);
        List<Reply> kv = new ArrayList<>(found.size() * 2);
        for (Map.Entry<String, String> e : found.entrySet()) {
            kv.add(Reply.bulk(e.getKey()));
            kv.add(Reply.bulk(ByteStrings.encode(e.getValue()))); // the bytes CONFIG SET was given
        }
        return new Reply.MapReply(kv);
    }

    /** The values of the directives matching any of {@code patterns}, by name (sorted). */
    Map<String, String> values(byte[]... patterns) {
        ConfigDirectives replication = server.replication().config();
        Set<String> all = new TreeSet<>(serverDirectives.names());
        all.addAll(replication.names());
        all.addAll(server.persistence().config().names());
        all.addAll(server.diagnostics().names());
        all.addAll(server.tracking().names());
        all.addAll(REDIS_DEFAULTS.names());
        Map<String, String> found = new LinkedHashMap<>();
        for (byte[] pattern : patterns) {
            for (String name : all) {
                // Redis matches CONFIG GET patterns case-insensitively (stringmatch(..., nocase 1)).
                if (!found.containsKey(name)
                        && GlobPattern.matches(pattern, name.getBytes(StandardCharsets.ISO_8859_1), true)) {
                    owner(replication, name).get(name).ifPresent(v -> found.put(name, v));
                }
            }
        }
        return found;
    }

    /** Every directive's value: what CONFIG REWRITE writes from. */
    Map<String, String> values() {
        return values(new byte[] {'*'});
    }

    /**
     * {@code CONFIG REWRITE}: hands the running values to the file's owner; Redis's texts for
     * no file and for a failed write ({@code Rewriting config file: <strerror>}).
     */
    private Reply rewrite() {
        ConfigRewriter rewriter = server.configRewriter();
        if (rewriter == null) {
            return Reply.error("ERR The server is running without a config file");
        }
        ReplicationInfo info = server.replication().replicationInfo();
        Optional<String> replicaOf = info.isReplica()
                ? Optional.of(info.masterLink().host() + " " + info.masterLink().port()) : Optional.empty();
        try {
            rewriter.rewrite(values(), replicaOf);
        } catch (java.nio.file.AccessDeniedException e) {
            return Reply.error("ERR Rewriting config file: Permission denied");
        } catch (java.nio.file.NoSuchFileException e) {
            return Reply.error("ERR Rewriting config file: No such file or directory");
        } catch (IOException e) {
            return Reply.error("ERR Rewriting config file: " + e.getMessage());
        }
        return Reply.OK;
    }

    /**
     * Redis 7.0's {@code CONFIG SET}: every name is checked first (an unknown one fails at once,
     * an immutable or repeated one after all names, the last such problem reported), then every
     * value; only when all are valid does anything change. Redis gets there by rolling back what
     * it applied; here each source checks its whole share first and applies after.
     */
    private Reply set(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (argv.length % 2 != 0) {
            throw RedisError.wrongArity("config|set");
        }
        ConfigDirectives replication = server.replication().config();
        Map<ConfigDirectives, Map<String, String>> byOwner = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Reply invalid = null;
        for (int i = 2; i < argv.length; i += 2) {
            String given = CommandDispatcher.text(argv[i]);
            String name = given.toLowerCase(Locale.ROOT);
            ConfigDirectives owner = owner(replication, name);
            if (owner == null) {
                return Reply.error("ERR Unknown option or number of arguments for CONFIG SET - '" + given + "'");
            }
            String refusal = owner.nameRefusal(name);
            if (refusal != null) {
                invalid = failed(given, refusal);
            }
            if (!seen.add(name)) {
                invalid = failed(given, "duplicate parameter");
            }
            // Values are bytes (a password need not be UTF-8): decoded without loss.
            byOwner.computeIfAbsent(owner, o -> new LinkedHashMap<>()).put(given, ByteStrings.decode(argv[i + 1]));
        }
        if (invalid != null) {
            return invalid;
        }
        List<Runnable> apply = new ArrayList<>(byOwner.size());
        try {
            for (Map.Entry<ConfigDirectives, Map<String, String>> share : byOwner.entrySet()) {
                apply.add(share.getKey().prepare(share.getValue()));
            }
        } catch (ConfigRejectedException e) {
            return failed(e.argument(), e.getMessage());
        }
        apply.forEach(Runnable::run);
        return Reply.OK;
    }

    private static Reply failed(String name, String reason) {
        return Reply.error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }
}
