/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A request as a server (or a replica applying its master's stream) receives it: the argument
 * vector plus the exact number of wire bytes it took.
 *
 * <p><b>Ownership.</b> The {@code argv} arrays are handed over: the decoder allocates them fresh
 * and keeps no reference, and {@link #argv()} and {@link #arg(int)} return them without copying,
 * so a server can store a value without another copy. Callers must not modify them if the same
 * command is shared.
 *
 * <p>An <em>empty</em> command ({@code argc() == 0}) stands for input that Redis reads and
 * ignores: an empty inline line (a bare {@code \n}, which masters send as keepalive and replicas
 * send as liveness) or a multibulk count {@code <= 0}. The decoder still reports it so that a
 * replica can count its bytes into the replication offset.
 */
public final class RespCommand implements RespMessage {

    private static final byte[][] NO_ARGS = new byte[0][];

    private final byte[][] argv;
    private final long wireLength;
    private final boolean inline;

    /**
     * @param argv       the arguments (taken over, not copied)
     * @param wireLength the bytes this command occupied on the wire, header and CRLFs included;
     *                   {@code -1} for a command built by hand
     * @param inline     whether it arrived in the inline form rather than as a RESP array
     */
    public RespCommand(byte[][] argv, long wireLength, boolean inline) {
        for (byte[] arg : argv) {
            if (arg == null) {
                throw new NullPointerException("command arguments must not be null");
            }
        }
        this.argv = argv;
        this.wireLength = wireLength;
        this.inline = inline;
    }

    /** A command built by hand (for sending): the arguments are taken over, wireLength is -1. */
    public static RespCommand of(byte[]... argv) {
        return new RespCommand(argv, -1, false);
    }

    /** A command of UTF-8 arguments, built by hand. */
    public static RespCommand of(String... argv) {
        byte[][] args = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            args[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        return new RespCommand(args, -1, false);
    }

    static RespCommand empty(long wireLength, boolean inline) {
        return new RespCommand(NO_ARGS, wireLength, inline);
    }

    /** The arguments, command name first; the array itself, not a copy. */
    public byte[][] argv() {
        return argv;
    }

    public int argc() {
        return argv.length;
    }

    /** Argument {@code index}; the array itself, not a copy. */
    public byte[] arg(int index) {
        return argv[index];
    }

    /** Argument {@code index} decoded as UTF-8. */
    public String argAsString(int index) {
        return new String(argv[index], StandardCharsets.UTF_8);
    }

    /**
     * The command name with ASCII letters lower-cased (Redis matches names case-insensitively in
     * ASCII only), bytes read as ISO-8859-1; "" for an empty command.
     */
    public String name() {
        if (argv.length == 0) {
            return "";
        }
        byte[] lower = argv[0].clone();
        for (int i = 0; i < lower.length; i++) {
            if (lower[i] >= 'A' && lower[i] <= 'Z') {
                lower[i] += 'a' - 'A';
            }
        }
        return new String(lower, StandardCharsets.ISO_8859_1);
    }

    /** Whether this is an empty command (see the class comment): nothing to execute. */
    public boolean isEmpty() {
        return argv.length == 0;
    }

    /**
     * The exact number of bytes this command occupied on the wire (from its first byte through
     * its final line end), or {@code -1} for a command built by hand. A replica adds this to its
     * replication offset once it has applied the command.
     */
    public long wireLength() {
        return wireLength;
    }

    /** Whether the command arrived as an inline line rather than a RESP array. */
    public boolean isInline() {
        return inline;
    }

    /** The command as a RESP array of bulk strings (copies the arguments). */
    public RespArray toFrame() {
        return RespArray.ofBulkStrings(argv);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RespCommand c && wireLength == c.wireLength && inline == c.inline
                && Arrays.deepEquals(argv, c.argv);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(argv) * 31 + Long.hashCode(wireLength) + (inline ? 1 : 0);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RespCommand[");
        for (int i = 0; i < argv.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            if (i == 8) {
                sb.append("...(").append(argv.length).append(" args)");
                break;
            }
            sb.append(RespDebug.quote(argv[i], 32));
        }
        return sb.append(", wireLength=").append(wireLength).append(inline ? ", inline]" : "]").toString();
    }
}
