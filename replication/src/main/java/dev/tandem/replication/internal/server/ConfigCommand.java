package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.GlobPattern;
import dev.tandem.core.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code CONFIG GET|SET|RESETSTAT|REWRITE|HELP}: the server's directives first, then the
 * replication layer's ({@link ReplicationHooks#config()}).
 */
final class ConfigCommand {

    private final RespServer server;
    private final ServerDirectives serverDirectives;
    private final Subcommands subcommands;

    ConfigCommand(RespServer server) {
        this.server = server;
        this.serverDirectives = new ServerDirectives(server.config(), server.keyspace().databaseCount(),
                server.replication().config());
        this.subcommands = new Subcommands("config", Set.of())
                .add("get", -3, this::get)
                .add("set", -4, this::set)
                .add("resetstat", 2, (c, argv, tx) -> {
                    server.stats().reset();
                    return Reply.OK;
                })
                .add("rewrite", 2, (c, argv, tx) -> Reply.error("ERR The server is running without a config file"))
                .add("help", 2, (c, argv, tx) -> Subcommands.help("config", List.of(
                        "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
                        "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
                        "RESETSTAT", "    Reset statistics reported by the INFO command.",
                        "REWRITE", "    Not available: Tandem runs without a config file.")));
    }

    ServerCommand command() {
        return ServerCommand.of("config", -2, subcommands::execute,
                ServerCommand.Flag.LOADING, ServerCommand.Flag.STALE);
    }

    /** The source that answers for {@code name}: the server's directives win. */
    private ConfigDirectives owner(String name) {
        if (serverDirectives.names().contains(name)) {
            return serverDirectives;
        }
        ConfigDirectives replication = server.replication().config();
        return replication.names().contains(name) ? replication : null;
    }

    private Reply get(ClientConnection client, byte[][] argv, boolean inTransaction) {
        Set<String> all = new TreeSet<>(serverDirectives.names());
        all.addAll(server.replication().config().names());
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 2; i < argv.length; i++) {
            byte[] pattern = CommandDispatcher.lowerName(argv[i]).getBytes(StandardCharsets.ISO_8859_1);
            for (String name : all) {
                if (!found.containsKey(name)
                        && GlobPattern.matches(pattern, name.getBytes(StandardCharsets.ISO_8859_1))) {
                    owner(name).get(name).ifPresent(v -> found.put(name, v));
                }
            }
        }
        List<Reply> kv = new ArrayList<>(found.size() * 2);
        for (Map.Entry<String, String> e : found.entrySet()) {
            kv.add(Reply.bulk(e.getKey()));
            kv.add(Reply.bulk(e.getValue()));
        }
        return new Reply.MapReply(kv);
    }

    private Reply set(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (argv.length % 2 != 0) {
            throw RedisError.wrongArity("config|set");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 2; i < argv.length; i += 2) {
            String name = CommandDispatcher.text(argv[i]).toLowerCase(Locale.ROOT);
            if (owner(name) == null) {
                return Reply.error("ERR Unknown option or number of arguments for CONFIG SET - '"
                        + CommandDispatcher.text(argv[i]) + "'");
            }
            if (!seen.add(name)) {
                return failed(name, "duplicate parameter");
            }
        }
        for (int i = 2; i < argv.length; i += 2) {
            String name = CommandDispatcher.text(argv[i]).toLowerCase(Locale.ROOT);
            try {
                owner(name).set(name, CommandDispatcher.text(argv[i + 1]));
            } catch (ConfigRejectedException e) {
                return failed(name, e.getMessage());
            }
        }
        return Reply.OK;
    }

    private static Reply failed(String name, String reason) {
        return Reply.error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }
}
