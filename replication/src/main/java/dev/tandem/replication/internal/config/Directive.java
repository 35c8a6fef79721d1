/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.config;

import dev.tandem.replication.ConfigException;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One {@code redis.conf} directive: its names, where its value lives, how a value is parsed (with
 * Redis's error texts), how it is rendered ({@code CONFIG GET}, and what a {@code CONFIG REWRITE}
 * would write), whether {@code CONFIG SET} may change it, and what a change sets in motion.
 *
 * @param <T> the parsed value
 */
public final class Directive<T> {

    /** Where the value lives, which decides who understands the directive. */
    public enum Scope {
        /** In the node's {@code ReplicationConfig}: only a node has it. */
        REPLICATION,
        /** In the RESP server's settings. */
        SERVER,
        /**
         * In the node's {@code ReplicationConfig} when there is a node, else in the server's
         * settings ({@code requirepass}, {@code databases}); or split between the two
         * ({@code client-output-buffer-limit}: the replica class is the node's).
         */
        SHARED
    }

    /** Whether {@code CONFIG SET} may change the value (Redis's {@code IMMUTABLE_CONFIG}). */
    public enum Mutability {
        MUTABLE,
        IMMUTABLE
    }

    /** What a running node must do when the value changes, beyond storing it. */
    public enum Effect {
        /** Nothing: the value is read where it acts (next write, next sync, next cron second, next AUTH). */
        READ_WHERE_USED,
        /** Resize the replication backlog now. */
        RESIZE_BACKLOG,
        /** Re-evaluate the min-replicas write check now. */
        REFRESH_MIN_REPLICAS,
        /** Retry a replica link that was parked because of this setting. */
        RETRY_PARKED_LINK,
        /** Rebuild the node's TLS contexts now (refused, keeping the old ones, when they cannot be built). */
        RELOAD_TLS,
        /** Move the TLS listener to the new {@code tls-port} (0 closes it). */
        REBIND_TLS_PORT
    }

    /** How a value given as text becomes a {@code T}; errors are {@link ConfigException}s worded as Redis words them. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String directive, String value);
    }

    private final String name;
    private final List<String> aliases;
    private final Scope scope;
    private final Mutability mutability;
    private final Effect effect;
    private final boolean multiArgument;
    private final boolean secret;
    private final boolean implemented;
    private final boolean tandemOwn;
    private final Parser<T> parser;
    private final BiConsumer<SettingsDraft, T> setter;
    private final Function<Settings, T> getter;
    private final Function<T, String> renderer;

    private Directive(Builder<T> b) {
        name = Objects.requireNonNull(b.name);
        aliases = List.copyOf(b.aliases);
        scope = Objects.requireNonNull(b.scope);
        mutability = b.mutability;
        effect = b.effect;
        multiArgument = b.multiArgument;
        secret = b.secret;
        implemented = b.implemented;
        tandemOwn = b.tandemOwn;
        parser = Objects.requireNonNull(b.parser);
        setter = Objects.requireNonNull(b.setter);
        getter = Objects.requireNonNull(b.getter);
        renderer = Objects.requireNonNull(b.renderer);
    }

    static <T> Builder<T> builder(String name, Scope scope, Parser<T> parser, Function<T, String> renderer) {
        return new Builder<>(name, scope, parser, renderer);
    }

    /** The canonical name (lower case, as Redis 7.0 lists it first). */
    public String name() {
        return name;
    }

    /** Redis's other names for it ({@code slave-*}, {@code min-slaves-*}). */
    public List<String> aliases() {
        return aliases;
    }

    public Scope scope() {
        return scope;
    }

    public Mutability mutability() {
        return mutability;
    }

    public boolean isMutable() {
        return mutability == Mutability.MUTABLE;
    }

    public Effect effect() {
        return effect;
    }

    /** Whether the value is several words ({@code client-output-buffer-limit}); the others take exactly one. */
    public boolean multiArgument() {
        return multiArgument;
    }

    /** A password: logs mask it. */
    public boolean secret() {
        return secret;
    }

    /**
     * Whether Tandem implements the directive. {@code save} and {@code appendonly} are answered
     * (a client that probes for persistence sees it off) and refuse to turn persistence on, but
     * a launcher warns about them rather than applying them.
     */
    public boolean implemented() {
        return implemented;
    }

    /** Whether the directive is Tandem's own rather than Redis's. */
    public boolean tandemOwn() {
        return tandemOwn;
    }

    /** Parses {@code value} (errors name this directive's canonical name). */
    public T parse(String value) {
        return parser.parse(name, value);
    }

    /** Parses {@code value} and stores it in the draft. */
    public void apply(SettingsDraft draft, String value) {
        setter.accept(draft, parse(value));
    }

    /** The current value, as {@code CONFIG GET} prints it. */
    public String render(Settings settings) {
        return renderer.apply(getter.apply(settings));
    }

    /** Whether settings with (or without) a node's replication layer have this directive. */
    public boolean availableWith(boolean replication) {
        return replication || scope != Scope.REPLICATION;
    }

    @Override
    public String toString() {
        return name;
    }

    static final class Builder<T> {
        private final String name;
        private final Scope scope;
        private final Parser<T> parser;
        private final Function<T, String> renderer;
        private final java.util.ArrayList<String> aliases = new java.util.ArrayList<>();
        private Mutability mutability = Mutability.MUTABLE;
        private Effect effect = Effect.READ_WHERE_USED;
        private boolean multiArgument;
        private boolean secret;
        private boolean implemented = true;
        private boolean tandemOwn;
        private BiConsumer<SettingsDraft, T> setter;
        private Function<Settings, T> getter;

        private Builder(String name, Scope scope, Parser<T> parser, Function<T, String> renderer) {
            this.name = name;
            this.scope = scope;
            this.parser = parser;
            this.renderer = renderer;
        }

        Builder<T> alias(String alias) {
            aliases.add(alias);
            return this;
        }

        Builder<T> immutable() {
            mutability = Mutability.IMMUTABLE;
            return this;
        }

        Builder<T> effect(Effect value) {
            effect = value;
            return this;
        }

        Builder<T> multiArgument() {
            multiArgument = true;
            return this;
        }

        Builder<T> secret() {
            secret = true;
            return this;
        }

        Builder<T> notImplemented() {
            implemented = false;
            return this;
        }

        Builder<T> tandemOwn() {
            tandemOwn = true;
            return this;
        }

        Directive<T> value(Function<Settings, T> read, BiConsumer<SettingsDraft, T> write) {
            this.getter = read;
            this.setter = write;
            return new Directive<>(this);
        }
    }
}
