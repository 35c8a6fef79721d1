/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import dev.tandem.core.internal.command.Args;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code REPLCONF} as a master handles it before the replica's {@code PSYNC} (reference §3.3):
 * option/value pairs that update the {@link ReplicaCapabilities} being collected for the
 * connection, with Redis's replies and error texts. Shared by the minimal handshake handler and
 * the RESP command server, so both behave alike.
 */
public final class ReplconfCommand {

    /** Redis's {@code NET_HOST_STR_LEN}: an announced address must be shorter. */
    private static final int MAX_IP_ADDRESS_LENGTH = 256;

    /**
     * The outcome of one {@code REPLCONF}.
     *
     * @param capabilities the capabilities after the command (unchanged on error)
     * @param reply the reply to send without the leading {@code +}/{@code -} and CR LF:
     *     {@code OK}, an error text (see {@link #isError()}), or null for "no reply"
     *     ({@code ACK}/{@code GETACK} before the connection is a replica)
     * @param isError whether {@code reply} is an error
     */
    public record Result(ReplicaCapabilities capabilities, String reply, boolean isError) {
        static Result ok(ReplicaCapabilities caps) {
            return new Result(caps, "OK", false);
        }

        static Result error(ReplicaCapabilities caps, String text) {
            return new Result(caps, text, true);
        }

        static Result noReply(ReplicaCapabilities caps) {
            return new Result(caps, null, false);
        }
    }

    private ReplconfCommand() {
    }

    /** Applies {@code REPLCONF} ({@code argv[0]} is the name) to {@code capabilities}. */
    public static Result apply(byte[][] argv, ReplicaCapabilities capabilities) {
        Objects.requireNonNull(capabilities, "capabilities");
        if (argv.length % 2 == 0) {
            return Result.error(capabilities, "ERR syntax error");
        }
        ReplicaCapabilities caps = capabilities;
        for (int i = 1; i < argv.length; i += 2) {
            byte[] option = argv[i];
            byte[] value = argv[i + 1];
            if (Args.is(option, "listening-port")) {
                Long port = Args.parseLongStrict(value);
                if (port == null) {
                    return Result.error(capabilities, "ERR value is not an integer or out of range");
                }
                caps = caps.withListeningPort((int) (long) port);
            } else if (Args.is(option, "ip-address")) {
                if (value.length >= MAX_IP_ADDRESS_LENGTH) {
                    return Result.error(capabilities, "ERR REPLCONF ip-address provided by replica instance is too long: "
                            + value.length + " bytes");
                }
                caps = caps.withIpAddress(new String(value, StandardCharsets.UTF_8));
            } else if (Args.is(option, "capa")) {
                if (Args.is(value, "eof")) {
                    caps = caps.withEof();
                } else if (Args.is(value, "psync2")) {
                    caps = caps.withPsync2();
                }
                // Unknown capabilities are ignored, as Redis does.
            } else if (Args.is(option, "ack") || Args.is(option, "getack")) {
                // Only meaningful once the connection is a replica; never replied to.
                return Result.noReply(caps);
            } else if (Args.is(option, "rdb-only")) {
                Long flag = Args.parseLongStrict(value);
                if (flag == null || (flag != 0 && flag != 1)) {
                    return Result.error(capabilities, "ERR value is out of range, value must between 0 and 1");
                }
                caps = caps.withRdbOnly(flag == 1);
            } else if (Args.is(option, "rdb-filter-only")) {
                // Include filters for the snapshot: keys are always left out, "functions" keeps
                // the function libraries (a Tandem node has none), "" keeps nothing (what
                // redis-cli --replica and --functions-rdb send).
                for (String filter : new String(value, StandardCharsets.UTF_8).trim().split("\\s+")) {
                    if (!filter.isEmpty() && !filter.equalsIgnoreCase("functions")) {
                        return Result.error(capabilities, "ERR Unsupported rdb-filter-only option: " + filter);
                    }
                }
                caps = caps.withRdbExcludeData(true);
            } else {
                return Result.error(capabilities, "ERR Unrecognized REPLCONF option: "
                        + new String(option, StandardCharsets.UTF_8));
            }
        }
        return Result.ok(caps);
    }
}
