/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Redis 7.0's read-only tables (its Lua 5.1 is patched so that {@code lua_enablereadonlytable}
 * makes every write fail): the globals and every library table a script can reach are sealed
 * once built, so that no script can change what later scripts (or other functions) run — not by
 * assignment, {@code rawset}, {@code table.insert}, nor {@code setmetatable}. luaj has no such
 * flag, so the sealed tables are subclasses whose writing methods fail once sealed.
 */
final class ReadOnlyTables {
    static final String ERROR = "Attempt to modify a readonly table";

    private ReadOnlyTables() {
    }

    /** A sealed copy of {@code source}'s entries (its metatable is not copied). */
    static LuaTable copy(LuaTable source) {
        Table t = new Table();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = source.next(k);
            k = n.arg1();
            if (k.isnil()) {
                break;
            }
            t.rawset(k, n.arg(2));
        }
        t.sealed = true;
        return t;
    }

    /** An empty table to fill, then {@link #seal}. */
    static LuaTable table() {
        return new Table();
    }

    /** An empty script environment (a {@link Globals}, for luaj's debug hooks) to fill, then seal. */
    static Globals globals() {
        return new Env();
    }

    /** From now on, writes to {@code t} (made here) fail with Redis's error. */
    static void seal(LuaTable t) {
        if (t instanceof Table table) {
            table.sealed = true;
        } else if (t instanceof Env env) {
            env.sealed = true;
        } else {
            throw new IllegalArgumentException("not a table of ReadOnlyTables: " + t);
        }
    }

    /**
     * The engine's own write into a sealed environment (EVAL's {@code KEYS} and {@code ARGV}, as
     * Redis sets those globals past its read-only flag).
     */
    static void setInternal(LuaTable env, LuaValue key, LuaValue value) {
        if (env instanceof Env e) {
            e.internalSet(key, value);
        } else {
            env.rawset(key, value);
        }
    }

    /**
     * The error for a write: raised while a Java function runs (rawset, setmetatable...), Redis's
     * error has no position, as Lua 5.1 adds one only for an error raised by Lua code itself.
     */
    private static LuaError refused() {
        return new LuaError(ERROR);
    }

    private static final class Table extends LuaTable {
        boolean sealed;

        @Override
        public void set(int key, LuaValue value) {
            check();
            super.set(key, value);
        }

        @Override
        public void set(LuaValue key, LuaValue value) {
            check();
            super.set(key, value);
        }

        @Override
        public void rawset(int key, LuaValue value) {
            check();
            super.rawset(key, value);
        }

        @Override
        public void rawset(LuaValue key, LuaValue value) {
            check();
            super.rawset(key, value);
        }

        @Override
        public void hashset(LuaValue key, LuaValue value) {
            check();
            super.hashset(key, value);
        }

        @Override
        public void insert(int pos, LuaValue value) {
            check();
            super.insert(pos, value);
        }

        @Override
        public LuaValue remove(int pos) {
            check();
            return super.remove(pos);
        }

        @Override
        public LuaValue setmetatable(LuaValue metatable) {
            check();
            return super.setmetatable(metatable);
        }

        private void check() {
            if (sealed) {
                throw refused();
            }
        }
    }

    private static final class Env extends Globals {
        boolean sealed;

        void internalSet(LuaValue key, LuaValue value) {
            boolean was = sealed;
            sealed = false; // rawset goes through this table's own (checking) hashset
            try {
                super.rawset(key, value);
            } finally {
                sealed = was;
            }
        }

        @Override
        public void set(int key, LuaValue value) {
            check();
            super.set(key, value);
        }

        @Override
        public void set(LuaValue key, LuaValue value) {
            check();
            super.set(key, value);
        }

        @Override
        public void rawset(int key, LuaValue value) {
            check();
            super.rawset(key, value);
        }

        @Override
        public void rawset(LuaValue key, LuaValue value) {
            check();
            super.rawset(key, value);
        }

        @Override
        public void hashset(LuaValue key, LuaValue value) {
            check();
            super.hashset(key, value);
        }

        @Override
        public void insert(int pos, LuaValue value) {
            check();
            super.insert(pos, value);
        }

        @Override
        public LuaValue remove(int pos) {
            check();
            return super.remove(pos);
        }

        @Override
        public LuaValue setmetatable(LuaValue metatable) {
            check();
            return super.setmetatable(metatable);
        }

        private void check() {
            if (sealed) {
                throw refused();
            }
        }
    }
}
