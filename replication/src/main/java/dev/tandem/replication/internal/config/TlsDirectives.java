/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.config;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.internal.config.Directive.Effect;
import dev.tandem.replication.internal.config.Directive.Scope;
import dev.tandem.replication.internal.tls.TlsAuthClients;
import dev.tandem.replication.internal.tls.TlsSettings;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Redis 7.0's {@code tls-*} directives, in its {@code redis.conf} order, for the
 * {@link DirectiveRegistry}. Every one may change at run time, as in Redis: a change of the
 * material or of how it is used rebuilds the node's TLS contexts ({@link Effect#RELOAD_TLS}) and
 * is refused, keeping the old ones, when they cannot be built; {@code tls-port} moves the TLS
 * listener ({@link Effect#REBIND_TLS_PORT}). {@code tls-cluster} is not here: Tandem has no
 * cluster bus.
 */
final class TlsDirectives {

    private TlsDirectives() {
    }

    static List<Directive<?>> all() {
        return List.of(
                Directive.builder("tls-port", Scope.REPLICATION,
                                (n, v) -> (int) ConfigValues.parseInteger(n, v, 0, 65535), (Integer v) -> Integer.toString(v))
                        .effect(Effect.REBIND_TLS_PORT)
                        .value(s -> s.tls().port(), (d, v) -> d.tls(d.tls().toBuilder().port(v).build())),
                text("tls-cert-file", TlsSettings::certFile, TlsSettings.Builder::certFile, false),
                text("tls-key-file", TlsSettings::keyFile, TlsSettings.Builder::keyFile, false),
                text("tls-key-file-pass", TlsSettings::keyFilePass, TlsSettings.Builder::keyFilePass, true),
                text("tls-client-cert-file", TlsSettings::clientCertFile, TlsSettings.Builder::clientCertFile, false),
                text("tls-client-key-file", TlsSettings::clientKeyFile, TlsSettings.Builder::clientKeyFile, false),
                text("tls-client-key-file-pass", TlsSettings::clientKeyFilePass, TlsSettings.Builder::clientKeyFilePass,
                        true),
                text("tls-dh-params-file", TlsSettings::dhParamsFile, TlsSettings.Builder::dhParamsFile, false),
                text("tls-ca-cert-file", TlsSettings::caCertFile, TlsSettings.Builder::caCertFile, false),
                text("tls-ca-cert-dir", TlsSettings::caCertDir, TlsSettings.Builder::caCertDir, false),
                Directive.builder("tls-auth-clients", Scope.REPLICATION, TlsDirectives::authClients,
                                TlsAuthClients::configName)
                        .effect(Effect.RELOAD_TLS)
                        .value(s -> s.tls().authClients(), (d, v) -> d.tls(d.tls().toBuilder().authClients(v).build())),
                flag("tls-replication", TlsSettings::replication, TlsSettings.Builder::replication),
                text("tls-protocols", TlsSettings::protocols, TlsSettings.Builder::protocols, false),
                text("tls-ciphers", TlsSettings::ciphers, TlsSettings.Builder::ciphers, false),
                text("tls-ciphersuites", TlsSettings::ciphersuites, TlsSettings.Builder::ciphersuites, false),
                flag("tls-prefer-server-ciphers", TlsSettings::preferServerCiphers,
                        TlsSettings.Builder::preferServerCiphers),
                flag("tls-session-caching", TlsSettings::sessionCaching, TlsSettings.Builder::sessionCaching),
                number("tls-session-cache-size", TlsSettings::sessionCacheSize, TlsSettings.Builder::sessionCacheSize),
                number("tls-session-cache-timeout", TlsSettings::sessionCacheTimeout,
                        TlsSettings.Builder::sessionCacheTimeout));
    }

    private static Directive<String> text(String name, Function<TlsSettings, String> read,
            BiFunction<TlsSettings.Builder, String, TlsSettings.Builder> write, boolean secret) {
        Directive.Builder<String> b = Directive.builder(name, Scope.REPLICATION, (n, v) -> v, v -> v)
                .effect(Effect.RELOAD_TLS);
        if (secret) {
            b.secret();
        }
        return b.value(s -> read.apply(s.tls()), (d, v) -> d.tls(write.apply(d.tls().toBuilder(), v).build()));
    }

    private static Directive<Boolean> flag(String name, Function<TlsSettings, Boolean> read,
            BiFunction<TlsSettings.Builder, Boolean, TlsSettings.Builder> write) {
        return Directive.builder(name, Scope.REPLICATION, ConfigValues::parseBoolean, (Boolean v) -> v ? "yes" : "no")
                .effect(Effect.RELOAD_TLS)
                .value(s -> read.apply(s.tls()), (d, v) -> d.tls(write.apply(d.tls().toBuilder(), v).build()));
    }

    private static Directive<Integer> number(String name, Function<TlsSettings, Integer> read,
            BiFunction<TlsSettings.Builder, Integer, TlsSettings.Builder> write) {
        return Directive.builder(name, Scope.REPLICATION,
                        (n, v) -> (int) ConfigValues.parseInteger(n, v, 0, Integer.MAX_VALUE), (Integer v) -> Integer.toString(v))
                .effect(Effect.RELOAD_TLS)
                .value(s -> read.apply(s.tls()), (d, v) -> d.tls(write.apply(d.tls().toBuilder(), v).build()));
    }

    private static TlsAuthClients authClients(String directive, String value) {
        TlsAuthClients v = TlsAuthClients.parse(value);
        if (v == null) {
            throw new ConfigException(directive, value, "argument(s) must be one of the following: no, yes, optional");
        }
        return v;
    }
}
