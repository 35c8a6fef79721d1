package dev.tandem.replication.internal.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server's own {@code CONFIG GET/SET} directives over a {@link ServerConfig}, with Redis
 * 7.0's value syntax and error reasons. {@code client-output-buffer-limit} spans both layers:
 * the server keeps the normal and pubsub classes, the replication layer the replica class.
 */
final class ServerDirectives implements ConfigDirectives {

    static final String BUFFER_LIMIT = "client-output-buffer-limit";
    private static final String OUT_OF_RANGE = "argument must be between %d and 2147483647 inclusive";

    private final ServerConfig config;
    private final int databases;
    private final ConfigDirectives replication;

    ServerDirectives(ServerConfig config, int databases, ConfigDirectives replication) {
        this.config = config;
        this.databases = databases;
        this.replication = replication;
    }

    @Override
    public Set<String> names() {
        return Set.of("requirepass", "maxclients", "timeout", "protected-mode", BUFFER_LIMIT, "databases",
                "save", "appendonly");
    }

    @Override
    public Optional<String> get(String name) {
        switch (name) {
            case "requirepass": return Optional.of(config.requirepass().orElse(""));
            case "maxclients": return Optional.of(Integer.toString(config.maxclients()));
            case "timeout": return Optional.of(Long.toString(config.timeoutSeconds()));
            case "protected-mode": return Optional.of(config.protectedMode() ? "yes" : "no");
            case "databases": return Optional.of(Integer.toString(databases));
            // Tandem keeps no files: no RDB snapshots, no AOF.
            case "save": return Optional.of("");
            case "appendonly": return Optional.of("no");
            case BUFFER_LIMIT: return Optional.of(bufferLimits());
            default: return Optional.empty();
        }
    }

    private String bufferLimits() {
        StringBuilder sb = new StringBuilder("normal ").append(config.normalOutputLimit().render());
        replicaBufferLimit().ifPresent(r -> sb.append(" slave ").append(r));
        return sb.append(" pubsub ").append(config.pubsubOutputLimit().render()).toString();
    }

    /** The replica class's three numbers from the replication layer's value, if it keeps one. */
    private Optional<String> replicaBufferLimit() {
        if (!replication.names().contains(BUFFER_LIMIT)) {
            return Optional.empty();
        }
        String[] parts = replication.get(BUFFER_LIMIT).orElse("").trim().split("\\s+");
        for (int i = 0; i + 3 < parts.length; i += 4) {
            String cls = parts[i].toLowerCase(Locale.ROOT);
            if (cls.equals("slave") || cls.equals("replica")) {
                return Optional.of(parts[i + 1] + " " + parts[i + 2] + " " + parts[i + 3]);
            }
        }
        return Optional.empty();
    }

    @Override
    public void set(String name, String value) {
        switch (name) {
            case "requirepass" -> config.requirepass(value);
            case "maxclients" -> config.maxclients((int) parseInt(value, 1));
            case "timeout" -> config.timeoutSeconds(parseInt(value, 0));
            case "protected-mode" -> config.protectedMode(parseYesNo(value));
            case "databases" -> throw new ConfigRejectedException("can't set immutable config");
            case "save" -> {
                if (!value.isEmpty()) {
                    throw new ConfigRejectedException("Tandem does not save snapshots to disk");
                }
            }
            case "appendonly" -> {
                if (parseYesNo(value)) {
                    throw new ConfigRejectedException("Tandem has no append only file");
                }
            }
            case BUFFER_LIMIT -> setBufferLimits(value);
            default -> throw new ConfigRejectedException("unknown directive");
        }
    }

    private void setBufferLimits(String value) {
        String[] parts = value.trim().isEmpty() ? new String[0] : value.trim().split("\\s+");
        if (parts.length % 4 != 0) {
            throw new ConfigRejectedException("Wrong number of arguments in buffer limit configuration.");
        }
        Map<String, ClientOutputBufferLimit> parsed = new LinkedHashMap<>();
        boolean replicaClass = false;
        for (int i = 0; i < parts.length; i += 4) {
            String cls = parts[i].toLowerCase(Locale.ROOT);
            if (!Set.of("normal", "slave", "replica", "pubsub").contains(cls)) {
                throw new ConfigRejectedException("Invalid client class specified in buffer limit configuration.");
            }
            String error = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            long hard = memToBytes(parts[i + 1], error);
            long soft = memToBytes(parts[i + 2], error);
            long seconds;
            try {
                seconds = Long.parseLong(parts[i + 3]);
            } catch (NumberFormatException e) {
                throw new ConfigRejectedException(error);
            }
            if (seconds < 0) {
                throw new ConfigRejectedException(error);
            }
            if (cls.equals("slave") || cls.equals("replica")) {
                replicaClass = true;
            } else {
                parsed.put(cls, new ClientOutputBufferLimit(hard, soft, seconds));
            }
        }
        if (replicaClass) {
            if (!replication.names().contains(BUFFER_LIMIT)) {
                throw new ConfigRejectedException("the replica class needs a replication layer");
            }
            replication.set(BUFFER_LIMIT, value);
        }
        if (parsed.containsKey("normal")) {
            config.normalOutputLimit(parsed.get("normal"));
        }
        if (parsed.containsKey("pubsub")) {
            config.pubsubOutputLimit(parsed.get("pubsub"));
        }
    }

    /** Redis's memtoull: a non-negative integer with an optional unit b, k, kb, m, mb, g, gb. */
    static long memToBytes(String text, String error) {
        String s = text.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"},
                {"g", "1000000000"}, {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] unit : units) {
            if (s.endsWith(unit[0])) {
                multiplier = Long.parseLong(unit[1]);
                s = s.substring(0, s.length() - unit[0].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(s);
            if (n < 0 || s.startsWith("+")) {
                throw new ConfigRejectedException(error);
            }
            return Math.multiplyExact(n, multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigRejectedException(error);
        }
    }

    private static long parseInt(String value, long min) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigRejectedException("argument couldn't be parsed into an integer");
        }
        if (n < min || n > Integer.MAX_VALUE) {
            throw new ConfigRejectedException(String.format(OUT_OF_RANGE, min));
        }
        return n;
    }

    private static boolean parseYesNo(String value) {
        if (value.equalsIgnoreCase("yes")) {
            return true;
        }
        if (value.equalsIgnoreCase("no")) {
            return false;
        }
        throw new ConfigRejectedException("argument must be 'yes' or 'no'");
    }
}
