/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.CommandFlag;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (Redis 7.0's eval.c). Scripts are cached by the
 * SHA-1 of their body; a script's writes propagate as the commands it called (effects
 * replication, wrapped in MULTI/EXEC by the keyspace when there are several), never as EVAL.
 */
public final class EvalCommands {
    static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";
    private static final LuaString KEYS = LuaValue.valueOf("KEYS");
    private static final LuaString ARGV = LuaValue.valueOf("ARGV");

    /** A cached script: its body (SCRIPT LOAD and EVAL bodies), flags and compiled chunk. */
    private record Script(byte[] body, ScriptFlags flags, LuaFunction function) { }

    private final ScriptingState state;
    private final Map<String, Script> scripts = new HashMap<>();

    EvalCommands(ScriptingState state) {
        this.state = state;
    }

    void register(CommandTable t) {
        EnumSet<CommandFlag> flags = EnumSet.of(CommandFlag.SCRIPT);
        t.register(new CommandSpec("eval", -3, flags, 0, 0, 0, (ctx, argv) -> eval(ctx, argv, false, false)));
        t.register(new CommandSpec("evalsha", -3, flags, 0, 0, 0, (ctx, argv) -> eval(ctx, argv, true, false)));
        t.register(new CommandSpec("eval_ro", -3, flags, 0, 0, 0, (ctx, argv) -> eval(ctx, argv, false, true)));
        t.register(new CommandSpec("evalsha_ro", -3, flags, 0, 0, 0, (ctx, argv) -> eval(ctx, argv, true, true)));
        t.register(new CommandSpec("script", -2, flags, 0, 0, 0, this::script));
    }

    private Reply eval(ExecutionContext ctx, byte[][] argv, boolean bySha, boolean ro) {
        long numkeys = parseNumkeys(argv[2], argv.length - 3);
        Script script;
        String sha;
        if (bySha) {
            sha = new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            script = argv[1].length == 40 ? scripts.get(sha) : null;
            if (script == null) {
                return Reply.error(NOSCRIPT);
            }
        } else {
            sha = Sha1Hex.of(argv[1]);
            script = scripts.get(sha);
            if (script == null) {
                script = create(argv[1], sha);
            }
        }
        String refusal = refuseToStart(ctx, script.flags(), ro);
        if (refusal != null) {
            return Reply.error(refusal);
        }
        boolean readOnly = ro || script.flags().noWrites();
        LuaTable env = state.engine().env();
        ReadOnlyTables.setInternal(env, KEYS, strings(argv, 3, (int) numkeys));
        ReadOnlyTables.setInternal(env, ARGV, strings(argv, 3 + (int) numkeys, argv.length - 3 - (int) numkeys));
        ctx.allowOom(script.flags().allowOom()); // its denyoom calls may write past maxmemory
        try {
            return state.run(ctx, sha, readOnly, false, script.function(), LuaValue.NONE);
        } finally {
            ctx.allowOom(false);
        }
    }

    /** Redis's scriptPrepareForRun checks of a script that declared its flags; the error or null. */
    static String refuseToStart(ExecutionContext ctx, ScriptFlags flags, boolean ro) {
        if (flags.compat()) {
            return null;
        }
        if (!flags.noWrites()) {
            if (ro) {
                return "ERR Can not execute a script with write flag using *_ro command.";
            }
            String refusal = ctx.writeRefusal();
            if (refusal != null) {
                return refusal.startsWith("READONLY")
                        ? "READONLY Can not run script with write flag on readonly replica" : refusal;
            }
            // A script with flags but without allow-oom counts as a denyoom command (eval.c's
            // evalGetCommandFlags), so processCommand refuses it; no-writes implies allow-oom.
            if (!flags.allowOom() && ctx.outOfMemory()) {
                return dev.tandem.core.internal.Eviction.OOM_ERROR;
            }
        }
        return null;
    }

    static long parseNumkeys(byte[] arg, int max) {
        long numkeys;
        try {
            numkeys = Long.parseLong(new String(arg, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new RedisError(RedisError.NOT_INTEGER);
        }
        if (numkeys > max) {
            throw new RedisError("ERR Number of keys can't be greater than number of args");
        }
        if (numkeys < 0) {
            throw new RedisError("ERR Number of keys can't be negative");
        }
        return numkeys;
    }

    static LuaTable strings(byte[][] argv, int from, int count) {
        LuaTable t = new LuaTable(count, 0);
        for (int i = 0; i < count; i++) {
            t.rawset(i + 1, LuaString.valueUsing(argv[from + i]));
        }
        return t;
    }

    /** Compiles and caches a body (luaCreateFunction); the error reply Redis gives on failure. */
    private Script create(byte[] body, String sha) {
        ScriptFlags flags = ScriptFlags.ofEvalBody(body);
        LuaFunction fn;
        try {
            // The shebang line is skipped but its newline kept, so line numbers stay the user's.
            fn = state.engine().compile(body, flags.shebangLength(), "@user_script", state.engine().env());
        } catch (LuaError e) {
            throw new RedisError("ERR Error compiling script (new function): " + LuaEngine.compileMessage(e));
        }
        Script s = new Script(body, flags, fn);
        scripts.put(sha, s);
        return s;
    }

    private Reply script(ExecutionContext ctx, byte[][] argv) {
        String sub = new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "help" -> {
                requireArity(argv, 2, 2, "script|help");
                return help();
            }
            case "flush" -> {
                requireArity(argv, 2, Integer.MAX_VALUE, "script|flush");
                if (argv.length > 3) {
                    return Reply.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
                }
                if (argv.length == 3) {
                    String mode = new String(argv[2], StandardCharsets.UTF_8);
                    if (!mode.equalsIgnoreCase("sync") && !mode.equalsIgnoreCase("async")) {
                        return Reply.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
                    }
                }
                scripts.clear();
                return Reply.OK;
            }
            case "exists" -> {
                requireArity(argv, 3, Integer.MAX_VALUE, "script|exists");
                List<Reply> out = new ArrayList<>(argv.length - 2);
                for (int i = 2; i < argv.length; i++) {
                    String sha = new String(argv[i], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                    out.add(argv[i].length == 40 && scripts.containsKey(sha) ? Reply.ONE : Reply.ZERO);
                }
                return Reply.array(out);
            }
            case "load" -> {
                requireArity(argv, 3, 3, "script|load");
                String sha = Sha1Hex.of(argv[2]);
                if (!scripts.containsKey(sha)) {
                    create(argv[2], sha);
                }
                return Reply.bulk(sha);
            }
            case "kill" -> {
                requireArity(argv, 2, 2, "script|kill");
                // Reached under the keyspace lock, so no script is running (a running one is
                // killed from the connection's thread, see ScriptingState.kill).
                return Reply.error("NOTBUSY No scripts in execution right now.");
            }
            case "debug" -> {
                requireArity(argv, 3, 3, "script|debug");
                return Reply.error("ERR SCRIPT DEBUG is not supported by Tandem");
            }
            default -> {
                return Reply.error("ERR unknown subcommand '" + truncate(argv[1]) + "'. Try SCRIPT HELP.");
            }
        }
    }

    static String truncate(byte[] arg) {
        String s = new String(arg, StandardCharsets.UTF_8);
        return s.length() > 128 ? s.substring(0, 128) : s;
    }

    /** Redis 7.0's arity error of a subcommand ({@code fullName} "parent|sub"). */
    static void requireArity(byte[][] argv, int min, int max, String fullName) {
        if (argv.length < min || argv.length > max) {
            throw new RedisError("ERR wrong number of arguments for '" + fullName + "' command");
        }
    }

    /** addReplySubcommandSyntaxError: a subcommand's own check of its arguments failed. */
    static RedisError subcommandSyntax(byte[][] argv, String parent) {
        return new RedisError("ERR unknown subcommand or wrong number of arguments for '" + truncate(argv[1])
                + "'. Try " + parent + " HELP.");
    }

    private static Reply help() {
        String[] lines = {
            "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "DEBUG (YES|SYNC|NO)",
            "    Set the debug mode for subsequent scripts executed.",
            "EXISTS <sha1> [<sha1> ...]",
            "    Return information about the existence of the scripts in the script cache.",
            "FLUSH [ASYNC|SYNC]",
            "    Flush the Lua scripts cache. Very dangerous on replicas.",
            "    When called without the optional mode argument, the behavior is determined by the",
            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
            "    * ASYNC: Asynchronously flush the scripts cache.",
            "    * SYNC: Synchronously flush the scripts cache.",
            "KILL",
            "    Kill the currently executing Lua script.",
            "LOAD <script>",
            "    Load a script into the scripts cache without executing it.",
            "HELP",
            "    Prints this help.",
        };
        return helpReply(lines);
    }

    static Reply helpReply(String[] lines) {
        List<Reply> out = new ArrayList<>(lines.length);
        for (String l : lines) {
            out.add(Reply.simple(l));
        }
        return Reply.array(out);
    }
}
