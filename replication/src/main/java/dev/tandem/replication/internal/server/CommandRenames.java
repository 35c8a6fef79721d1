/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Redis's {@code rename-command}: a command taken out of the table under its name
 * ({@code rename-command FLUSHDB ""} disables it) or re-added under another
 * ({@code rename-command CONFIG xyz}). Applied one directive after the other with Redis 7.0's two
 * errors, {@code No such command in rename-command} and {@code Target command name already
 * exists}. Names match case-insensitively, as Redis's command table does.
 *
 * <p>Renames act on what clients send. Tandem runs and propagates a renamed command under its
 * real name, so replicas need not share the renames (Redis propagates the name the client typed).
 */
public final class CommandRenames {

    private final Predicate<String> exists;
    /** New name (lower case) → the command's real name. */
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    /** Real names no longer callable as such. */
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    private final List<String[]> applied = new ArrayList<>();

    /** @param exists whether a lower-case name is a command before any rename */
    public CommandRenames(Predicate<String> exists) {
        this.exists = exists;
    }

    /** Renames against Redis 7.0's command names: what a configuration file may rename. */
    public static CommandRenames ofRedisCommands() {
        return new CommandRenames(RedisCommandNames::isRedisCommand);
    }

    /**
     * {@code rename-command name newName}; an empty {@code newName} removes the command.
     *
     * @throws IllegalArgumentException with Redis's message when {@code name} is no command now or
     *     {@code newName} already is one
     */
    public synchronized void rename(String name, String newName) {
        String from = name.toLowerCase(Locale.ROOT);
        String to = newName.toLowerCase(Locale.ROOT);
        if (!callable(from)) {
            throw new IllegalArgumentException("No such command in rename-command");
        }
        String real = aliases.remove(from);
        if (real == null) {
            real = from;
            removed.add(from);
        }
        if (!to.isEmpty()) {
            if (callable(to)) {
                throw new IllegalArgumentException("Target command name already exists");
            }
            aliases.put(to, real);
        }
        applied.add(new String[] {name, newName});
    }

    private boolean callable(String lower) {
        return aliases.containsKey(lower) || (!removed.contains(lower) && exists.test(lower));
    }

    /** The renames applied so far, in order ({@code [name, newName]}). */
    public synchronized List<String[]> applied() {
        return List.copyOf(applied);
    }

    /** Whether nothing was renamed (the dispatcher's fast path). */
    boolean isEmpty() {
        return aliases.isEmpty() && removed.isEmpty();
    }

    /**
     * The real name behind what a client sent (lower case): itself when untouched, the renamed
     * command for a new name, null for a name renamed away.
     */
    String resolve(String lower) {
        String real = aliases.get(lower);
        if (real != null) {
            return real;
        }
        return removed.contains(lower) ? null : lower;
    }
}
