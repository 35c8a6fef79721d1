/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A command table entry. {@code arity} follows Redis: positive means exactly that many
 * arguments (name included), negative means at least {@code -arity}. Key positions follow
 * Redis's (firstKey, lastKey, step) convention, lastKey -1 meaning "the last argument".
 */
public record CommandSpec(String name, int arity, Set<CommandFlag> flags, int firstKey,
                          int lastKey, int keyStep, CommandHandler handler) {

    public CommandSpec {
        name = name.toLowerCase(Locale.ROOT);
        flags = flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class) : EnumSet.copyOf(flags);
    }

    public static CommandSpec write(String name, int arity, int firstKey, int lastKey, int step,
                                    CommandHandler handler) {
        return new CommandSpec(name, arity, EnumSet.of(CommandFlag.WRITE), firstKey, lastKey, step,
                handler);
    }

    public static CommandSpec read(String name, int arity, int firstKey, int lastKey, int step,
                                   CommandHandler handler) {
        return new CommandSpec(name, arity, EnumSet.of(CommandFlag.READONLY), firstKey, lastKey,
                step, handler);
    }

    public boolean isWrite() {
        return flags.contains(CommandFlag.WRITE);
    }

    public boolean arityMatches(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }
}
