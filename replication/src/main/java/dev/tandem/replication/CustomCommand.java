/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import dev.tandem.core.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * A command of the application's own, served by a node through its API ({@code execute}) and its
 * RESP listener alike, registered with {@link ReplicatedKeyspace.Builder#command}.
 *
 * <p>Its handler composes the built-in commands with {@link Invocation#call}, as a Redis script
 * does with {@code redis.call}: the whole command runs atomically under the node's write lock (or
 * read lock, for a command that does not write), and what it changed replicates as the built-in
 * commands it called — effects replication — so its replicas, Tandem or {@code redis-server},
 * need not know the command at all.
 *
 * @param name    the command's name (case-insensitive, must not clash with a built-in one)
 * @param arity   Redis's convention: {@code n} exactly n arguments counting the name, {@code -n}
 *                at least n
 * @param writes  whether it may write; a command that does not may only call reading commands
 * @param handler what it does
 */
public record CustomCommand(String name, int arity, boolean writes, Handler handler) {

    public CustomCommand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a command name is one word: '" + name + "'");
        }
        if (arity == 0) {
            throw new IllegalArgumentException("arity 0 means nothing: use n (exactly) or -n (at least)");
        }
        name = name.toLowerCase(Locale.ROOT);
    }

    /** What a custom command does. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Runs the command; the reply goes to the caller as it is. Throwing
         * {@link RedisReplyException} replies with its error text.
         */
        Reply execute(Invocation invocation);
    }

    /** One execution of a custom command. */
    public interface Invocation {

        /** The arguments, {@code argv()[0]} being the command's name. */
        byte[][] argv();

        /** The argument at {@code index} as UTF-8 text. */
        default String arg(int index) {
            return new String(argv()[index], StandardCharsets.UTF_8);
        }

        /** The database the caller selected. */
        int db();

        /**
         * Runs a built-in command (or another custom one) inside this one, in the caller's database,
         * and returns its reply; an error comes back as an error reply, not an exception.
         */
        Reply call(byte[]... argv);

        /** {@link #call(byte[]...)} with UTF-8 strings. */
        default Reply call(String... argv) {
            byte[][] bytes = new byte[argv.length][];
            for (int i = 0; i < argv.length; i++) {
                bytes[i] = argv[i].getBytes(StandardCharsets.UTF_8);
            }
            return call(bytes);
        }
    }
}
