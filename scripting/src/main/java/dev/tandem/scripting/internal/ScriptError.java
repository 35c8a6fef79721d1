/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * An error raised by the {@code redis} library with the script's position attached, as Redis's
 * error handler adds {@code source} and {@code line} to it: luaj only locates errors raised by
 * Lua code, not those thrown by a Java function a script called.
 */
final class ScriptError extends LuaError {
    private static final long serialVersionUID = 1L;

    /** {@code @source:line}, or null. */
    final String where;

    ScriptError(LuaValue error, String where) {
        super(error);
        this.where = where;
    }
}
