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
import dev.tandem.core.internal.command.GlobPattern;
import dev.tandem.core.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * FUNCTION LOAD/DELETE/LIST/FLUSH/STATS/KILL/HELP, FCALL and FCALL_RO (Redis 7.0's functions.c
 * and function_lua.c). A library is loaded by running its code once in an environment whose
 * {@code redis} table offers {@code register_function} (and no {@code call}); its functions then
 * run in the same environment switched to the full {@code redis} library. FUNCTION LOAD, DELETE
 * and FLUSH propagate verbatim, as Redis 7.0 propagates them.
 */
public final class FunctionCommands {
    /** A registered function. */
    record Function(String name, String description, ScriptFlags flags, LuaFunction callback) { }

    /** A library: its name, full code (shebang included) and functions. */
    record Library(String name, byte[] code, Map<String, Function> functions) { }

    private final ScriptingState state;
    private final Map<String, Library> libraries = new TreeMap<>();
    /** Function names are matched case-insensitively, as Redis's functions dict does. */
    private final Map<String, Function> functionsByName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Library> libraryOfFunction = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    /** The environment library code and functions run in; its lookups depend on {@link #loading}. */
    private final LuaTable env;
    private final LuaTable loadApi = new LuaTable();
    private Library loading;

    FunctionCommands(ScriptingState state) {
        this.state = state;
        this.env = state.engine().newEnvironment();
        LuaTable base = state.engine().base();
        LuaTable runRedis = (LuaTable) base.rawget("redis");
        LuaTable loadRedis = ReadOnlyTables.table();
        for (String name : new String[] {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING",
            "REDIS_VERSION", "REDIS_VERSION_NUM"}) {
            loadRedis.rawset(name, runRedis.rawget(name));
        }
        loadRedis.rawset("register_function", new RegisterFunction());
        // As function_lua.c: while a library loads, its globals hold only this reduced redis
        // table (no call, no math...), and a missing field of it fails like a missing global.
        loadRedis.setmetatable(missingFails());
        ReadOnlyTables.seal(loadRedis);
        loadApi.rawset("redis", loadRedis);
        LuaTable meta = ReadOnlyTables.table();
        meta.rawset(LuaValue.INDEX, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue t, LuaValue key) {
                LuaValue v = (loading != null ? loadApi : base).rawget(key);
                if (v.isnil()) {
                    throw new LuaError("Script attempted to access nonexistent global variable '"
                            + key.tojstring() + "'");
                }
                return v;
            }
        });
        meta.rawset(LuaValue.NEWINDEX, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                throw new LuaError(ReadOnlyTables.ERROR);
            }
        });
        env.setmetatable(meta);
        ReadOnlyTables.seal(meta);
        ReadOnlyTables.seal(env);
    }

    private static LuaTable missingFails() {
        LuaTable meta = ReadOnlyTables.table();
        meta.rawset(LuaValue.INDEX, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue t, LuaValue key) {
                throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
            }
        });
        ReadOnlyTables.seal(meta);
        return meta;
    }

    void register(CommandTable t) {
        EnumSet<CommandFlag> flags = EnumSet.of(CommandFlag.SCRIPT);
        t.register(new CommandSpec("function", -2, flags, 0, 0, 0, this::function));
        t.register(new CommandSpec("fcall", -3, flags, 0, 0, 0, (ctx, argv) -> fcall(ctx, argv, false)));
        t.register(new CommandSpec("fcall_ro", -3, flags, 0, 0, 0, (ctx, argv) -> fcall(ctx, argv, true)));
    }

    // ---- FCALL ----------------------------------------------------------------------------

    private Reply fcall(ExecutionContext ctx, byte[][] argv, boolean ro) {
        String name = new String(argv[1], StandardCharsets.UTF_8);
        Function f = functionsByName.get(name);
        if (f == null) {
            return Reply.error("ERR Function not found");
        }
        long numkeys;
        try {
            numkeys = EvalCommands.parseNumkeys(argv[2], argv.length - 3);
        } catch (RedisError e) {
            if (e.text().equals(RedisError.NOT_INTEGER)) {
                throw new RedisError("ERR Bad number of keys provided");
            }
            throw e;
        }
        String refusal = EvalCommands.refuseToStart(ctx, f.flags(), ro);
        if (refusal != null) {
            return Reply.error(refusal);
        }
        LuaTable keys = EvalCommands.strings(argv, 3, (int) numkeys);
        LuaTable args = EvalCommands.strings(argv, 3 + (int) numkeys, argv.length - 3 - (int) numkeys);
        ctx.allowOom(f.flags().allowOom()); // its denyoom calls may write past maxmemory
        try {
            return state.run(ctx, f.name(), ro || f.flags().noWrites(), true, f.callback(),
                    LuaValue.varargsOf(keys, args));
        } finally {
            ctx.allowOom(false);
        }
    }

    // ---- FUNCTION -------------------------------------------------------------------------

    private Reply function(ExecutionContext ctx, byte[][] argv) {
        String sub = new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "load" -> {
                EvalCommands.requireArity(argv, 3, Integer.MAX_VALUE, "function|load");
                return load(ctx, argv);
            }
            case "delete" -> {
                EvalCommands.requireArity(argv, 3, 3, "function|delete");
                refuseWrite(ctx);
                Library lib = libraries.get(new String(argv[2], StandardCharsets.UTF_8));
                if (lib == null) {
                    return Reply.error("ERR Library not found");
                }
                remove(lib);
                ctx.propagateVerbatim();
                return Reply.OK;
            }
            case "flush" -> {
                EvalCommands.requireArity(argv, 2, Integer.MAX_VALUE, "function|flush");
                if (argv.length > 3) {
                    throw EvalCommands.subcommandSyntax(argv, "FUNCTION");
                }
                if (argv.length == 3) {
                    String mode = new String(argv[2], StandardCharsets.UTF_8);
                    if (!mode.equalsIgnoreCase("sync") && !mode.equalsIgnoreCase("async")) {
                        return Reply.error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
                    }
                }
                refuseWrite(ctx);
                flush();
                ctx.propagateVerbatim();
                return Reply.OK;
            }
            case "list" -> {
                return list(argv);
            }
            case "stats" -> {
                EvalCommands.requireArity(argv, 2, 2, "function|stats");
                // Under the keyspace lock no script runs: running_script is nil here (a busy
                // script's stats are answered by ScriptingState.stats, without the lock).
                return stats(null);
            }
            case "kill" -> {
                EvalCommands.requireArity(argv, 2, 2, "function|kill");
                return Reply.error("NOTBUSY No scripts in execution right now.");
            }
            case "help" -> {
                EvalCommands.requireArity(argv, 2, 2, "function|help");
                return EvalCommands.helpReply(HELP);
            }
            case "dump", "restore" -> {
                return Reply.error("ERR FUNCTION " + sub.toUpperCase(Locale.ROOT) + " is not supported by Tandem yet");
            }
            default -> {
                return Reply.error("ERR unknown subcommand '" + EvalCommands.truncate(argv[1])
                        + "'. Try FUNCTION HELP.");
            }
        }
    }

    /** FUNCTION STATS: the running script ({@code run}, or null) and the engine's counts. */
    Reply stats(ScriptRun run) {
        List<Reply> engines = List.of(Reply.bulk("LUA"), new Reply.MapReply(List.of(
                Reply.bulk("libraries_count"), Reply.integer(libraries.size()),
                Reply.bulk("functions_count"), Reply.integer(functionsByName.size()))));
        Reply running = Reply.NULL;
        if (run != null) {
            List<Reply> command = new ArrayList<>();
            for (byte[] a : run.command) {
                command.add(Reply.bulk(a));
            }
            running = new Reply.MapReply(List.of(Reply.bulk("name"), Reply.bulk(run.name),
                    Reply.bulk("command"), Reply.array(command),
                    Reply.bulk("duration_ms"), Reply.integer((System.nanoTime() - run.startNanos) / 1_000_000)));
        }
        return new Reply.MapReply(List.of(Reply.bulk("running_script"), running,
                Reply.bulk("engines"), new Reply.MapReply(engines)));
    }

    private static void refuseWrite(ExecutionContext ctx) {
        String refusal = ctx.writeRefusal();
        if (refusal != null) {
            throw new RedisError(refusal);
        }
    }

    private Reply load(ExecutionContext ctx, byte[][] argv) {
        boolean replace = false;
        int codeAt = argv.length - 1;
        for (int i = 2; i < codeAt; i++) {
            String option = new String(argv[i], StandardCharsets.UTF_8);
            if (!option.equalsIgnoreCase("replace")) {
                return Reply.error("ERR Unknown option given: " + option);
            }
            replace = true;
        }
        refuseWrite(ctx);
        String name = loadLibrary(argv[codeAt], replace);
        ctx.propagateVerbatim();
        return Reply.bulk(name);
    }

    /** Creates a library from its code (functionsCreateWithLibraryCtx); throws Redis's error. */
    public String loadLibrary(byte[] code, boolean replace) {
        if (code.length < 2 || code[0] != '#' || code[1] != '!') {
            throw new RedisError("ERR Missing library metadata");
        }
        int end = -1;
        for (int i = 0; i < code.length; i++) {
            if (code[i] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new RedisError("ERR Invalid library metadata");
        }
        String[] parts = new String(code, 0, end, StandardCharsets.UTF_8).trim().split("[ \t\r]+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            throw new RedisError("ERR Invalid library metadata");
        }
        String engine = parts[0].substring(2);
        String name = null;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].regionMatches(true, 0, "name=", 0, 5)) {
                if (name != null) {
                    throw new RedisError("ERR Invalid metadata value, name argument was given multiple times");
                }
                name = parts[i].substring(5);
            } else {
                throw new RedisError("ERR Invalid metadata value given: " + parts[i]);
            }
        }
        if (name == null) {
            throw new RedisError("ERR Library name was not given");
        }
        if (!validName(name)) {
            throw new RedisError("ERR Library names can only contain letters, numbers, or underscores(_) and "
                    + "must be at least one character long");
        }
        if (!engine.equalsIgnoreCase("lua")) {
            throw new RedisError("ERR Engine '" + engine + "' not found");
        }
        Library old = libraries.get(name);
        if (old != null && !replace) {
            throw new RedisError("ERR Library '" + name + "' already exists");
        }
        Library lib = new Library(name, code, new TreeMap<>());
        LuaFunction chunk;
        try {
            chunk = state.engine().compile(code, end, "@user_function", env);
        } catch (LuaError e) {
            throw new RedisError("ERR Error compiling function: " + LuaEngine.compileMessage(e));
        }
        loading = lib;
        try {
            chunk.call();
        } catch (LuaError e) {
            LuaValue obj = e.getMessageObject();
            String msg = obj != null && obj.istable() && obj.rawget(LuaReplies.ERR).isstring()
                    ? obj.rawget(LuaReplies.ERR).tojstring() : "ERR " + e.getMessage().split("\n", 2)[0];
            throw new RedisError("ERR Error registering functions: " + msg);
        } finally {
            loading = null;
        }
        if (lib.functions().isEmpty()) {
            throw new RedisError("ERR No functions registered");
        }
        for (String f : lib.functions().keySet()) {
            Library owner = libraryOfFunction.get(f);
            if (owner != null && owner != old) {
                throw new RedisError("ERR Function " + f + " already exists");
            }
        }
        if (old != null) {
            remove(old);
        }
        libraries.put(name, lib);
        for (Function f : lib.functions().values()) {
            functionsByName.put(f.name(), f);
            libraryOfFunction.put(f.name(), lib);
        }
        return name;
    }

    private void remove(Library lib) {
        libraries.remove(lib.name());
        for (String f : lib.functions().keySet()) {
            functionsByName.remove(f);
            libraryOfFunction.remove(f);
        }
    }

    /** Removes every library (FUNCTION FLUSH, and a full sync's load). */
    public void flush() {
        libraries.clear();
        functionsByName.clear();
        libraryOfFunction.clear();
    }

    /** The code of every library, for a snapshot (RDB function records). */
    public List<byte[]> libraryCodes() {
        List<byte[]> out = new ArrayList<>();
        for (Library l : libraries.values()) {
            out.add(l.code());
        }
        return out;
    }

    private Reply list(byte[][] argv) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < argv.length; i++) {
            String a = new String(argv[i], StandardCharsets.UTF_8);
            if (a.equalsIgnoreCase("withcode") && !withCode) {
                withCode = true;
            } else if (a.equalsIgnoreCase("libraryname") && pattern == null) {
                if (i + 1 >= argv.length) {
                    return Reply.error("ERR library name argument was not given");
                }
                pattern = argv[++i];
            } else {
                return Reply.error("ERR Unknown argument " + a);
            }
        }
        List<Reply> out = new ArrayList<>();
        for (Library lib : libraries.values()) {
            if (pattern != null && !GlobPattern.matches(pattern, lib.name().getBytes(StandardCharsets.UTF_8), false)) {
                continue;
            }
            List<Reply> functions = new ArrayList<>();
            for (Function f : lib.functions().values()) {
                List<Reply> flags = new ArrayList<>();
                for (String fl : f.flags().names()) {
                    flags.add(Reply.simple(fl));
                }
                functions.add(new Reply.MapReply(List.of(
                        Reply.bulk("name"), Reply.bulk(f.name()),
                        Reply.bulk("description"), f.description() == null ? Reply.NULL : Reply.bulk(f.description()),
                        Reply.bulk("flags"), new Reply.SetReply(flags))));
            }
            List<Reply> kv = new ArrayList<>(List.of(
                    Reply.bulk("library_name"), Reply.bulk(lib.name()),
                    Reply.bulk("engine"), Reply.bulk("LUA"),
                    Reply.bulk("functions"), Reply.array(functions)));
            if (withCode) {
                kv.add(Reply.bulk("library_code"));
                kv.add(Reply.bulk(lib.code()));
            }
            out.add(new Reply.MapReply(kv));
        }
        return Reply.array(out);
    }

    private static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** {@code redis.register_function}, only while a library loads. */
    private final class RegisterFunction extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            Library lib = loading;
            if (lib == null) {
                throw state.engine().raise("redis.register_function can only be called on FUNCTION LOAD command");
            }
            if (args.narg() < 1 || args.narg() > 2) {
                throw state.engine().raise("wrong number of arguments to redis.register_function");
            }
            String name;
            String description = null;
            LuaFunction callback;
            ScriptFlags flags = ScriptFlags.NONE;
            if (args.narg() == 2) {
                if (!args.arg1().isstring()) {
                    throw state.engine().raise("first argument to redis.register_function must be a string");
                }
                if (!args.arg(2).isfunction()) {
                    throw state.engine().raise("second argument to redis.register_function must be a function");
                }
                name = args.arg1().tojstring();
                callback = (LuaFunction) args.arg(2);
            } else {
                if (!args.arg1().istable()) {
                    throw state.engine().raise("calling redis.register_function with a single argument is only "
                            + "applicable to Lua table (representing named arguments).");
                }
                LuaTable t = (LuaTable) args.arg1();
                name = null;
                callback = null;
                LuaValue k = LuaValue.NIL;
                while (true) {
                    Varargs n = t.next(k);
                    k = n.arg1();
                    if (k.isnil()) {
                        break;
                    }
                    LuaValue v = n.arg(2);
                    if (!k.isstring()) {
                        throw state.engine().raise("named argument key given to redis.register_function is not a string");
                    }
                    switch (k.tojstring().toLowerCase(Locale.ROOT)) {
                        case "function_name" -> {
                            if (!v.isstring()) {
                                throw state.engine().raise("function_name argument given to redis.register_function must be a string");
                            }
                            name = v.tojstring();
                        }
                        case "description" -> {
                            if (!v.isstring()) {
                                throw state.engine().raise("description argument given to redis.register_function must be a string");
                            }
                            description = v.tojstring();
                        }
                        case "callback" -> {
                            if (!v.isfunction()) {
                                throw state.engine().raise("callback argument given to redis.register_function must be a function");
                            }
                            callback = (LuaFunction) v;
                        }
                        case "flags" -> {
                            if (!v.istable()) {
                                throw state.engine().raise("flags argument to redis.register_function must be a table "
                                        + "representing function flags");
                            }
                            List<String> names = new ArrayList<>();
                            for (int i = 1; !v.rawget(i).isnil(); i++) {
                                if (!v.rawget(i).isstring()) {
                                    throw state.engine().raise("unknown flag given");
                                }
                                names.add(v.rawget(i).tojstring().toLowerCase(Locale.ROOT));
                            }
                            try {
                                flags = ScriptFlags.NONE.with(names, "");
                            } catch (RedisError e) {
                                throw state.engine().raise("unknown flag given");
                            }
                        }
                        default -> throw state.engine().raise("unknown argument given to redis.register_function");
                    }
                }
                if (name == null) {
                    throw state.engine().raise("redis.register_function must get a function name argument");
                }
                if (callback == null) {
                    throw state.engine().raise("redis.register_function must get a callback argument");
                }
            }
            if (!validName(name)) {
                throw state.engine().raise("Library names can only contain letters, numbers, or underscores(_) and "
                        + "must be at least one character long");
            }
            if (lib.functions().containsKey(name)) {
                throw state.engine().raise("Function already exists in the library");
            }
            lib.functions().put(name, new Function(name, description, flags, callback));
            return NONE;
        }
    }

    private static final String[] HELP = {
        "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
        "      libraries with the new libraries (notice that even on this case there is no guarantee of",
        "      atomicity).",
        "HELP",
        "    Prints this help.",
    };
}
