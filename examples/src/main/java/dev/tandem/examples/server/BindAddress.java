/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import java.util.Objects;

/**
 * One address of the {@code bind} directive. As in Redis 7.0, a leading {@code -} marks an
 * address as optional (the server still starts when it is unavailable), {@code *} means every
 * IPv4 address and {@code ::*} every IPv6 address; Redis's default is {@code bind * -::*}.
 *
 * @param address the address as written, without the {@code -}
 * @param optional whether failing to listen on it is tolerated
 */
public record BindAddress(String address, boolean optional) {

    public BindAddress {
        Objects.requireNonNull(address, "address");
    }

    /** A {@code bind} argument: {@code 127.0.0.1}, {@code -::1}, {@code *}. */
    public static BindAddress parse(String argument) {
        return argument.startsWith("-")
                ? new BindAddress(argument.substring(1), true)
                : new BindAddress(argument, false);
    }

    /** The host to listen on: the wildcards become {@code 0.0.0.0} and {@code ::}. */
    public String listenHost() {
        return switch (address) {
            case "*" -> "0.0.0.0";
            case "::*" -> "::";
            default -> address;
        };
    }

    /** As written in {@code redis.conf}. */
    @Override
    public String toString() {
        return optional ? "-" + address : address;
    }
}
