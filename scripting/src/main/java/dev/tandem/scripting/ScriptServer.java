/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting;

import dev.tandem.core.reply.Reply;

/**
 * What a node's server offers its scripts beyond the keyspace's command table: the commands it
 * runs itself ({@code PING}, {@code ECHO}, {@code TIME}, {@code INFO}, {@code DEBUG}...), which
 * Redis lets {@code redis.call} run like any other, and its MONITOR feed, which shows each
 * command a script runs as a {@code [db lua]} line. The server registers one with
 * {@link dev.tandem.scripting.internal.ScriptingState#server(ScriptServer)}; without one, scripts
 * reach the keyspace's commands only.
 *
 * <p>Every method is called by the scripting engine while a script runs, under the keyspace write
 * lock, one script at a time.
 */
public interface ScriptServer {
    /**
     * No server: scripts see the keyspace's commands and {@code PING} (scripts use it as a
     * liveness check, so a bare keyspace answers it too); nothing is monitored.
     */
    ScriptServer NONE = new ScriptServer() {
        private final Command ping = new Command() {
            @Override
            public boolean arityMatches(int argc) {
                return argc <= 2;
            }

            @Override
            public boolean noScript(byte[][] argv) {
                return false;
            }

            @Override
            public Reply call(int db, byte[][] argv, int resp) {
                return argv.length == 1 ? Reply.PONG : Reply.bulk(argv[1]);
            }
        };

        @Override
        public Command lookup(byte[][] argv) {
            return new String(argv[0], java.nio.charset.StandardCharsets.ISO_8859_1).equalsIgnoreCase("ping")
                    ? ping : null;
        }

        @Override
        public void commandCalled(int db, byte[][] argv) {
        }
    };

    /** The server command {@code argv} names, or null when the server has none of that name. */
    Command lookup(byte[][] argv);

    /**
     * A command a script ran (whatever its reply; not one the script checks refused), with the
     * database selected after it: the server feeds its monitors, as Redis 7.0.15's {@code call()}
     * does for the Lua client ({@code [db lua]}).
     */
    void commandCalled(int db, byte[][] argv);

    /** One server command as a script sees it. */
    interface Command {
        /** Redis's arity check for {@code argc} arguments (the name included). */
        boolean arityMatches(int argc);

        /** Whether Redis 7.0.15 flags this command (or {@code container|sub}) {@code noscript}. */
        boolean noScript(byte[][] argv);

        /**
         * Runs the command for a script on database {@code db} that speaks RESP {@code resp}
         * ({@code redis.setresp}); never null.
         */
        Reply call(int db, byte[][] argv, int resp);
    }
}
