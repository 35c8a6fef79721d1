/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.command.Args;
import java.nio.charset.StandardCharsets;

/**
 * Which arguments of a command SLOWLOG and MONITOR show as {@code (redacted)}: secrets, as Redis
 * 7.0's {@code redactClientCommandArgument} calls mark them — AUTH's arguments, HELLO's AUTH
 * pair, ACL SETUSER's rules, CONFIG SET of {@code masterauth}/{@code requirepass}, MIGRATE's
 * AUTH/AUTH2 credentials.
 */
final class CommandRedaction {

    static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    private CommandRedaction() {
    }

    /** {@code argv} with the secrets replaced (the array itself when there are none). */
    static byte[][] redact(byte[][] argv) {
        String name = CommandDispatcher.lowerName(argv[0]);
        switch (name) {
            case "auth" -> {
                return from(argv, 1);
            }
            case "hello" -> {
                for (int i = 2; i + 2 < argv.length; i++) {
                    if (Args.is(argv[i], "auth")) {
                        byte[][] out = argv.clone();
                        out[i + 1] = REDACTED;
                        out[i + 2] = REDACTED;
                        return out;
                    }
                }
                return argv;
            }
            case "acl" -> {
                return argv.length > 2 && Args.is(argv[1], "setuser") ? from(argv, 2) : argv;
            }
            case "config" -> {
                if (argv.length > 3 && Args.is(argv[1], "set")) {
                    byte[][] out = argv;
                    for (int i = 2; i + 1 < argv.length; i += 2) {
                        if (Args.is(argv[i], "masterauth") || Args.is(argv[i], "requirepass")) {
                            out = out == argv ? argv.clone() : out;
                            out[i + 1] = REDACTED;
                        }
                    }
                    return out;
                }
                return argv;
            }
            case "migrate" -> {
                for (int i = 6; i < argv.length; i++) {
                    if (Args.is(argv[i], "auth") && i + 1 < argv.length) {
                        byte[][] out = argv.clone();
                        out[i + 1] = REDACTED;
                        return out;
                    }
                    if (Args.is(argv[i], "auth2") && i + 2 < argv.length) {
                        byte[][] out = argv.clone();
                        out[i + 1] = REDACTED;
                        out[i + 2] = REDACTED;
                        return out;
                    }
                }
                return argv;
            }
            default -> {
                return argv;
            }
        }
    }

    private static byte[][] from(byte[][] argv, int first) {
        byte[][] out = argv.clone();
        for (int i = first; i < out.length; i++) {
            out[i] = REDACTED;
        }
        return out;
    }
}
