/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.Persistence;
import dev.tandem.replication.SaveRule;
import dev.tandem.replication.internal.config.ConfigValues;
import dev.tandem.replication.internal.server.ConfigDirectives;
import dev.tandem.replication.internal.server.ConfigRejectedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code CONFIG GET/SET} of the persistence directives, Redis 7.0's forms and errors:
 * {@code save}, {@code dir}, {@code dbfilename}, {@code rdbcompression}, {@code rdbchecksum},
 * {@code stop-writes-on-bgsave-error}, {@code rdb-del-sync-files},
 * {@code rdb-save-incremental-fsync}, and the immutable {@code enable-protected-configs}.
 * {@code dir} and {@code dbfilename} are protected configs: with {@code enable-protected-configs no}
 * (Redis's default) {@code CONFIG SET} refuses them ("can't set protected config"), so a client
 * cannot make the node write its file somewhere else (the classic attack writes an RDB file into
 * {@code ~/.ssh} or a cron directory).
 */
public final class PersistenceDirectives implements ConfigDirectives {

    private static final List<String> NAMES = List.of("save", "dir", "dbfilename", "rdbcompression", "rdbchecksum",
            "stop-writes-on-bgsave-error", "rdb-del-sync-files", "rdb-save-incremental-fsync", "enable-protected-configs",
            "appendonly", "appendfsync", "appendfilename", "appenddirname", "aof-load-truncated", "aof-use-rdb-preamble",
            "aof-timestamp-enabled", "no-appendfsync-on-rewrite", "auto-aof-rewrite-percentage",
            "auto-aof-rewrite-min-size", "aof-rewrite-incremental-fsync");
    /** Redis's immutable AOF names (set in the configuration only). */
    private static final Set<String> IMMUTABLE = Set.of("enable-protected-configs", "appendfilename", "appenddirname");

    private final RdbPersistence persistence;

    public PersistenceDirectives(RdbPersistence persistence) {
        this.persistence = persistence;
    }

    @Override
    public Set<String> names() {
        return Set.copyOf(NAMES);
    }

    @Override
    public Optional<String> get(String name) {
        Persistence p = persistence.settings();
        return Optional.ofNullable(switch (name) {
            case "save" -> p.saveRules().stream().map(SaveRule::toString).collect(Collectors.joining(" "));
            case "dir" -> p.directory().toAbsolutePath().toString();
            case "dbfilename" -> p.dbFilename();
            case "rdbcompression" -> yesNo(p.rdbCompression());
            case "rdbchecksum" -> yesNo(p.rdbChecksum());
            case "stop-writes-on-bgsave-error" -> yesNo(p.stopWritesOnBgsaveError());
            case "rdb-del-sync-files" -> yesNo(persistence.delSyncFiles());
            case "rdb-save-incremental-fsync" -> yesNo(persistence.incrementalFsync());
            case "enable-protected-configs" -> p.enableProtectedConfigs() ? "yes" : "no";
            case "appendonly" -> yesNo(p.appendOnly());
            case "appendfsync" -> p.appendFsync().word();
            case "appendfilename" -> p.appendFilename();
            case "appenddirname" -> p.appendDirname();
            case "aof-load-truncated" -> yesNo(p.aofLoadTruncated());
            case "aof-use-rdb-preamble" -> yesNo(p.aofUseRdbPreamble());
            default -> persistence.acceptedAofDirective(name);
        });
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    @Override
    public boolean isMutable(String name) {
        return !IMMUTABLE.contains(name);
    }

    @Override
    public String nameRefusal(String name) {
        if (!isMutable(name)) {
            return "can't set immutable config";
        }
        if ((name.equals("dir") || name.equals("dbfilename")) && !persistence.settings().enableProtectedConfigs()) {
            return "can't set protected config";
        }
        return null;
    }

    @Override
    public Runnable prepare(Map<String, String> changes) {
        Persistence next = persistence.settings();
        Map<String, Boolean> flags = new LinkedHashMap<>();
        Map<String, String> accepted = new LinkedHashMap<>();
        Boolean appendOnly = null;
        for (Map.Entry<String, String> change : changes.entrySet()) {
            String given = change.getKey();
            String name = given.toLowerCase(Locale.ROOT);
            String value = change.getValue();
            try {
                next = switch (name) {
                    case "save" -> next.saveRules(parseSave(given, value));
                    case "dir" -> next.directory(parseDir(given, value));
                    case "dbfilename" -> {
                        try {
                            yield next.dbFilename(value);
                        } catch (IllegalArgumentException e) {
                            throw new ConfigRejectedException(given, e.getMessage());
                        }
                    }
                    case "rdbcompression" -> next.rdbCompression(ConfigValues.parseBoolean(given, value));
                    case "rdbchecksum" -> next.rdbChecksum(ConfigValues.parseBoolean(given, value));
                    case "stop-writes-on-bgsave-error" ->
                            next.stopWritesOnBgsaveError(ConfigValues.parseBoolean(given, value));
                    case "appendonly" -> {
                        // Applied after the settings (startAppendOnly / stopAppendOnly, as Redis's apply function).
                        appendOnly = ConfigValues.parseBoolean(given, value);
                        yield next.appendOnly(appendOnly);
                    }
                    case "appendfsync" -> {
                        var f = dev.tandem.replication.AppendFsync.fromWord(value);
                        if (f == null) {
                            throw new ConfigRejectedException(given, "argument(s) must be one of the following: "
                                    + "always, everysec, no");
                        }
                        yield next.appendFsync(f);
                    }
                    case "aof-load-truncated" -> next.aofLoadTruncated(ConfigValues.parseBoolean(given, value));
                    case "aof-use-rdb-preamble" -> next.aofUseRdbPreamble(ConfigValues.parseBoolean(given, value));
                    case "aof-timestamp-enabled", "no-appendfsync-on-rewrite", "aof-rewrite-incremental-fsync" -> {
                        ConfigValues.parseBoolean(given, value);
                        accepted.put(name, value.toLowerCase(Locale.ROOT));
                        yield next;
                    }
                    case "auto-aof-rewrite-percentage" -> {
                        // Redis: an int config, 0 .. INT_MAX (0 turns automatic rewrites off).
                        accepted.put(name, Long.toString(ConfigValues.parseInteger(given, value, 0, Integer.MAX_VALUE)));
                        yield next;
                    }
                    case "auto-aof-rewrite-min-size" -> {
                        // Redis: a memory config (64mb in redis.conf), 0 .. LLONG_MAX.
                        accepted.put(name, Long.toString(ConfigValues.parseMemory(given, value, 0, Long.MAX_VALUE)));
                        yield next;
                    }
                    case "rdb-del-sync-files", "rdb-save-incremental-fsync" -> {
                        flags.put(name, ConfigValues.parseBoolean(given, value));
                        yield next;
                    }
                    default -> throw new ConfigRejectedException(given,
                            "Unknown option or number of arguments for CONFIG SET - '" + given + "'");
                };
            } catch (ConfigException e) {
                throw new ConfigRejectedException(given, e.reason());
            }
        }
        Persistence result = next;
        Boolean appendOnlyChange = appendOnly;
        return () -> {
            persistence.settings(result);
            accepted.forEach(persistence::acceptAofDirective);
            if (appendOnlyChange != null) {
                persistence.appendOnlyChanged(appendOnlyChange);
            }
            Boolean del = flags.get("rdb-del-sync-files");
            if (del != null) {
                persistence.delSyncFiles(del);
            }
            Boolean fsync = flags.get("rdb-save-incremental-fsync");
            if (fsync != null) {
                persistence.incrementalFsync(fsync);
            }
        };
    }

    /** Redis's {@code setConfigSaveOption}: pairs of seconds (≥ 1) and changes (≥ 0); {@code ""} clears. */
    static List<SaveRule> parseSave(String given, String value) {
        String[] words = value.trim().isEmpty() ? new String[0] : value.trim().split("\\s+");
        if (words.length % 2 != 0) {
            throw new ConfigRejectedException(given, "Invalid save parameters");
        }
        List<SaveRule> rules = new ArrayList<>();
        for (int i = 0; i < words.length; i += 2) {
            Long seconds = ConfigValues.string2ll(words[i]);
            Long changes = ConfigValues.string2ll(words[i + 1]);
            if (seconds == null || changes == null || seconds < 1 || changes < 0) {
                throw new ConfigRejectedException(given, "Invalid save parameters");
            }
            rules.add(new SaveRule(seconds, changes));
        }
        return rules;
    }

    private static Path parseDir(String given, String value) {
        Path dir;
        try {
            dir = Path.of(value);
        } catch (RuntimeException e) {
            throw new ConfigRejectedException(given, "Invalid argument");
        }
        // Redis chdir()s there and reports strerror.
        if (!Files.exists(dir)) {
            throw new ConfigRejectedException(given, "No such file or directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigRejectedException(given, "Not a directory");
        }
        return dir;
    }
}
