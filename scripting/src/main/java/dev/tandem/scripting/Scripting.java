/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting;

import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.scripting.internal.ScriptingState;

/**
 * Lua scripting and functions for a node's command table, as Redis 7.0: EVAL, EVALSHA, EVAL_RO,
 * EVALSHA_RO, SCRIPT, FUNCTION, FCALL and FCALL_RO, on luaj (a Lua for the JVM).
 *
 * <p>A node creates one {@code Scripting} and registers it in its command table; the returned
 * state is what the connection layer asks for BUSY replies and SCRIPT KILL.
 */
public final class Scripting {
    private Scripting() {
    }

    /** Registers the scripting commands in {@code table}; returns the node's scripting state. */
    public static ScriptingState register(CommandTable table) {
        ScriptingState state = new ScriptingState();
        state.register(table);
        return state;
    }
}
