/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.internal.config.DirectiveRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code redis.conf} directives Tandem implements, each with Redis 7.0's argument count,
 * validation and error wording. What the node implements (replication, {@code requirepass},
 * {@code maxclients}, {@code timeout}, {@code protected-mode}, output limits, ...) is the node's
 * {@link DirectiveRegistry}'s, the same table as its builder's and {@code CONFIG SET}'s; the
 * rest (listening, logging, files) is the launcher's own. {@code include} is not here: it reads files, so the loader does it.
 */
final class LauncherDirectives {

    /** How many arguments a directive takes, with Redis's rules for each kind. */
    enum Arity {
        /** Exactly one, else "wrong number of arguments". */
        SINGLE,
        /**
         * Any number; a single non-empty argument is split again with the configuration
         * syntax, so that {@code --save "900 1 300 10"} works on the command line.
         */
        MULTI
    }

    @FunctionalInterface
    interface Handler {
        void apply(List<String> args, ConfigDraft draft) throws DirectiveException;
    }

    record Directive(String name, Arity arity, Handler handler) {
    }

    /** Redis's {@code CONFIG_BINDADDR_MAX}. */
    static final int MAX_BIND_ADDRESSES = 16;

    private static final Map<String, Directive> OWN = new HashMap<>();

    private static void own(String name, String alias, Arity arity, Handler handler) {
        Directive directive = new Directive(name, arity, handler);
        OWN.put(name, directive);
        if (alias != null) {
            OWN.put(alias, directive);
        }
    }

    static {
        own("bind", null, Arity.MULTI, LauncherDirectives::bind);
        own("port", null, Arity.SINGLE,
                (args, d) -> d.launcher.port((int) RedisValues.integer(args.get(0), 0, 65535)));
        own("replicaof", "slaveof", Arity.MULTI, LauncherDirectives::replicaOf);
        own("repl-disable-tcp-nodelay", null, Arity.SINGLE,
                (args, d) -> d.launcher.replDisableTcpNodelay(RedisValues.yesNo(args.get(0))));
        own("loglevel", null, Arity.SINGLE, (args, d) -> d.launcher.logLevel(RedisLogLevel.fromConfigName(args.get(0))
                .orElseThrow(() -> new DirectiveException(
                        "argument(s) must be one of the following: debug, verbose, notice, warning"))));
        own("logfile", null, Arity.SINGLE, (args, d) -> d.logfile = args.get(0));
        own("tcp-keepalive", null, Arity.SINGLE,
                (args, d) -> d.launcher.tcpKeepaliveSeconds((int) RedisValues.integer(args.get(0), 0, Integer.MAX_VALUE)));
        own("dir", null, Arity.SINGLE, LauncherDirectives::dir);
        own("dbfilename", null, Arity.SINGLE, (args, d) -> {
            if (args.get(0).indexOf('/') >= 0) {
                throw new DirectiveException("dbfilename can't be a path, just a filename");
            }
            if (args.get(0).indexOf('\0') >= 0) {
                // The name is resolved against dir (a path holds no NUL byte), see dir above.
                throw new DirectiveException(ConfigFileLoader.INVALID_ARGUMENT);
            }
            d.launcher.dbFilename(args.get(0));
        });
        own("save", null, Arity.MULTI, LauncherDirectives::save);
        for (String flag : List.of("rdbcompression", "rdbchecksum", "stop-writes-on-bgsave-error",
                "rdb-del-sync-files", "rdb-save-incremental-fsync")) {
            own(flag, null, Arity.SINGLE, (args, d) -> d.launcher.rdbFlag(flag, RedisValues.yesNo(args.get(0))));
        }
        // The append-only file (Redis 7.0's multi-part AOF), validated with Redis's errors.
        for (String flag : List.of("appendonly", "aof-load-truncated", "aof-use-rdb-preamble")) {
            own(flag, null, Arity.SINGLE, (args, d) -> d.launcher.aof(flag, RedisValues.yesNo(args.get(0)) ? "yes" : "no"));
        }
        own("appendfsync", null, Arity.SINGLE, (args, d) -> {
            var f = dev.tandem.replication.AppendFsync.fromWord(args.get(0));
            if (f == null) {
                throw new DirectiveException("argument(s) must be one of the following: always, everysec, no");
            }
            d.launcher.aof("appendfsync", f.word());
        });
        own("appendfilename", null, Arity.SINGLE, (args, d) -> {
            if (args.get(0).isEmpty() || args.get(0).indexOf('/') >= 0 || args.get(0).indexOf('\0') >= 0) {
                throw new DirectiveException("appendfilename can't be a path, just a filename");
            }
            d.launcher.aof("appendfilename", args.get(0));
        });
        own("appenddirname", null, Arity.SINGLE, (args, d) -> {
            if (args.get(0).isEmpty() || args.get(0).indexOf('/') >= 0 || args.get(0).indexOf('\0') >= 0) {
                throw new DirectiveException("appenddirname can't be a path, just a dirname");
            }
            d.launcher.aof("appenddirname", args.get(0));
        });
        // Accepted with Redis's checks; no behaviour to configure yet (no BGREWRITEAOF, no #TS: written).
        for (String flag : List.of("aof-timestamp-enabled", "no-appendfsync-on-rewrite", "aof-rewrite-incremental-fsync")) {
            own(flag, null, Arity.SINGLE, (args, d) -> RedisValues.yesNo(args.get(0)));
        }
        own("auto-aof-rewrite-percentage", null, Arity.SINGLE,
                (args, d) -> RedisValues.integer(args.get(0), 0, Integer.MAX_VALUE));
        own("auto-aof-rewrite-min-size", null, Arity.SINGLE, (args, d) -> {
            try {
                dev.tandem.replication.internal.config.ConfigValues.parseMemory("auto-aof-rewrite-min-size", args.get(0),
                        0, Long.MAX_VALUE);
            } catch (ConfigException e) {
                throw new DirectiveException(e.reason());
            }
        });
        own("enable-protected-configs", null, Arity.SINGLE, (args, d) -> {
            if (args.get(0).equalsIgnoreCase("local")) {
                // Redis's "local" allows CONFIG SET dir/dbfilename from loopback clients only;
                // Tandem's CONFIG SET does not know the client, so it offers yes or no.
                throw new DirectiveException("Tandem supports enable-protected-configs yes or no, not local");
            }
            d.launcher.rdbFlag("enable-protected-configs", RedisValues.yesNo(args.get(0)));
        });
        // Tandem's own: follow a Sentinel-monitored master (ReplicatedKeyspace.Builder#sentinels).
        own("tandem-sentinels", null, Arity.MULTI, LauncherDirectives::sentinels);
        own("tandem-sentinel-master-name", null, Arity.SINGLE,
                (args, d) -> d.launcher.sentinelMasterName(args.get(0)));
    }

    private static void sentinels(List<String> args, ConfigDraft draft) throws DirectiveException {
        try {
            // The builder's own checks, at the offending line.
            dev.tandem.replication.ReplicatedKeyspace.builder().sentinels(args.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new DirectiveException(e.getMessage());
        }
        draft.launcher.sentinels(args);
    }

    private LauncherDirectives() {
    }

    /** The directive for a lower-case name (aliases included), if Tandem implements it. */
    static Optional<Directive> lookup(String lowerCaseName) {
        Directive own = OWN.get(lowerCaseName);
        if (own != null) {
            return Optional.of(own);
        }
        return DirectiveRegistry.lookup(lowerCaseName)
                .filter(dev.tandem.replication.internal.config.Directive::implemented)
                .map(node -> new Directive(lowerCaseName, node.multiArgument() ? Arity.MULTI : Arity.SINGLE,
                        (args, d) -> node(args, d, lowerCaseName)));
    }

    /** The launcher's own directive names (aliases included); the node's are its {@link DirectiveRegistry}'s. */
    static Set<String> ownNames() {
        return Set.copyOf(OWN.keySet());
    }

    /** A directive the node implements: parsed and stored by the node's registry, as its builder and CONFIG SET do. */
    private static void node(List<String> args, ConfigDraft draft, String name) throws DirectiveException {
        if (args.isEmpty()) { // only client-output-buffer-limit can get here; Redis accepts zero classes
            return;
        }
        if (name.equals("maxmemory")) {
            draft.maxmemoryGiven = true;
        }
        try {
            DirectiveRegistry.applyAtStart(draft.node, name, String.join(" ", args));
        } catch (ConfigException e) {
            throw new DirectiveException(e.reason());
        }
    }

    private static void bind(List<String> args, ConfigDraft draft) throws DirectiveException {
        if (args.size() > MAX_BIND_ADDRESSES) {
            throw new DirectiveException("Too many bind addresses specified.");
        }
        List<BindAddress> addresses = new ArrayList<>();
        if (!(args.size() == 1 && args.get(0).isEmpty())) { // bind "" = listen on no address
            for (String arg : args) {
                addresses.add(BindAddress.parse(arg));
            }
        }
        draft.launcher.bind(addresses);
    }

    private static void replicaOf(List<String> args, ConfigDraft draft) throws DirectiveException {
        if (args.size() != 2) {
            throw new DirectiveException("wrong number of arguments");
        }
        if (args.get(0).equalsIgnoreCase("no") && args.get(1).equalsIgnoreCase("one")) {
            draft.launcher.replicaOf(null);
            return;
        }
        // Redis: masterport (an int) = strtol(...), checked for 0..65535 and trailing characters.
        RedisValues.CLong port = RedisValues.strtol(args.get(1));
        int truncated = (int) port.value();
        if (truncated < 0 || truncated > 65535 || !port.wholeString()) {
            throw new DirectiveException("Invalid master port");
        }
        draft.launcher.replicaOf(new ReplicaOf(args.get(0), truncated));
    }

    private static void dir(List<String> args, ConfigDraft draft) throws DirectiveException {
        String value = args.get(0);
        if (value.isEmpty()) {
            throw new DirectiveException("No such file or directory"); // chdir("") fails with ENOENT
        }
        if (value.indexOf('\0') >= 0) {
            // No path holds a NUL byte (a quoted "\x00"); Path.resolve would throw an unchecked exception.
            throw new DirectiveException(ConfigFileLoader.INVALID_ARGUMENT);
        }
        // Redis changes into the directory right away, so later relative paths (include, logfile) start there.
        Path target = draft.launcher.dir().resolve(value).normalize();
        if (!Files.exists(target)) {
            throw new DirectiveException("No such file or directory");
        }
        if (!Files.isDirectory(target)) {
            throw new DirectiveException("Not a directory");
        }
        if (!Files.isExecutable(target)) {
            throw new DirectiveException("Permission denied");
        }
        draft.launcher.dir(target);
    }

    /**
     * {@code save <seconds> <changes> [...]}; {@code save ""} removes every save point. Numbers
     * are read with {@code strtoll}, as Redis does: seconds at least 1, changes at least 0.
     */
    private static void save(List<String> args, ConfigDraft draft) throws DirectiveException {
        if (args.size() == 1 && args.get(0).isEmpty()) {
            draft.launcher.clearSavePoints();
            return;
        }
        if (args.size() % 2 != 0) {
            throw new DirectiveException("Invalid save parameters");
        }
        List<SavePoint> points = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            RedisValues.CLong seconds = RedisValues.strtol(args.get(i));
            RedisValues.CLong changes = RedisValues.strtol(args.get(i + 1));
            if (!seconds.wholeString() || seconds.value() < 1 || !changes.wholeString() || changes.value() < 0) {
                throw new DirectiveException("Invalid save parameters");
            }
            points.add(new SavePoint(seconds.value(), changes.value()));
        }
        points.forEach(draft.launcher::addSavePoint);
    }
}
