/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

/** What the engine tells the node while a script runs, for BUSY replies and SCRIPT KILL. */
interface ScriptHost {
    /** Called every {@link LuaEngine#HOOK_INSTRUCTIONS} instructions of a running script. */
    void scriptProgress(ScriptRun run);

    /** The node's server commands and MONITOR feed, as scripts see them. */
    dev.tandem.scripting.ScriptServer server();
}
