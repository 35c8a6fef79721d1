/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

import dev.tandem.core.internal.command.CommandFlag;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.reply.Reply;
import dev.tandem.scripting.ScriptServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lua interpreter of a node (one per node, as Redis has one {@code lua_State}): luaj with
 * Redis's sandbox and its {@code redis} library. Not thread-safe: every script runs under the
 * keyspace write lock, which serializes them as Redis's single thread does.
 *
 * <p>The sandbox: scripts see an environment table whose reads of a missing name fail
 * ("Script attempted to access nonexistent global variable") and whose writes fail ("Attempt to
 * modify a readonly table"), holding only Redis 7.0's allow list (no {@code io}, {@code os},
 * {@code dofile}, {@code loadfile}, {@code require}, {@code print}, {@code debug}).
 */
public final class LuaEngine {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tandem.scripting.lua");
    /** How many VM instructions run between two checks of the time limit (Redis: 100000). */
    static final int HOOK_INSTRUCTIONS = 100_000;
    private static final Pattern FILELINE = Pattern.compile("^@?([^ \\n]*?):(-?\\d+) (.*)$", Pattern.DOTALL);
    /** Lua 5.1 builtins Redis allows that luaj (a Lua 5.2) lacks are added; these are kept. */
    private static final Set<String> BASE_ALLOWED = Set.of("xpcall", "tostring", "setmetatable", "next",
            "assert", "tonumber", "rawequal", "collectgarbage", "getmetatable", "rawset", "type", "select",
            "pairs", "rawget", "ipairs", "_VERSION", "error", "rawlen");

    private final Globals globals;
    /** The names scripts may read. */
    private final LuaTable base = new LuaTable();
    /** The table scripts run in: empty, reads and writes go through the protecting metatable. */
    private final LuaTable env;
    private final Rand48 rand = new Rand48();
    private final ScriptHost host;
    private volatile ScriptRun current;
    private long instructions;
    private org.luaj.vm2.LuaClosure lastClosure;
    private int lastPc;

    LuaEngine(ScriptHost host) {
        this.host = host;
        globals = new Globals();
        globals.load(new BaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        globals.load(new StringLib());
        globals.load(new CoroutineLib());
        globals.load(new JseMathLib());
        // DebugLib gives errors their file:line and lets the engine count instructions.
        globals.load(new InstructionHook());
        LoadState.install(globals);
        LuaC.install(globals);
        env = newEnvironment();
        for (String name : BASE_ALLOWED) {
            base.rawset(name, globals.get(name));
        }
        for (String lib : new String[] {"string", "table", "coroutine"}) {
            base.rawset(lib, ReadOnlyTables.copy((LuaTable) globals.get(lib)));
        }
        LuaTable table = (LuaTable) globals.get("table");
        base.rawset("unpack", table.get("unpack"));
        base.rawset("_G", env);
        base.rawset("pcall", new RedisPcall());
        LoadFunction load = new LoadFunction();
        base.rawset("load", load);
        base.rawset("loadstring", load);
        base.rawset("math", ReadOnlyTables.copy(mathLib((LuaTable) globals.get("math"))));
        base.rawset("redis", ReadOnlyTables.copy(redisLib()));
        base.rawset("bit", ReadOnlyTables.copy(BitLib.create()));
        base.rawset("cjson", ReadOnlyTables.copy(CjsonLib.create()));
        base.rawset("cmsgpack", ReadOnlyTables.copy(CmsgpackLib.create()));
        LuaTable meta = ReadOnlyTables.table();
        meta.rawset(LuaValue.INDEX, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue t, LuaValue k) {
                LuaValue v = base.rawget(k);
                if (v.isnil()) {
                    throw new LuaError("Script attempted to access nonexistent global variable '"
                            + k.tojstring() + "'");
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

    /**
     * An empty environment table for scripts. It is a {@link Globals} because luaj runs its debug
     * hooks (line numbers, the instruction count of the time limit) only for closures whose
     * environment is one.
     */
    LuaTable newEnvironment() {
        Globals g = ReadOnlyTables.globals();
        g.debuglib = globals.debuglib;
        g.running = globals.running;
        g.baselib = globals.baselib;
        return g;
    }

    /** The table a script runs in. */
    LuaTable env() {
        return env;
    }

    /** The names scripts may read (function libraries build their own environment from it). */
    LuaTable base() {
        return base;
    }

    ScriptRun current() {
        return current;
    }

    /**
     * Compiles {@code code[from..]} as chunk {@code chunkName} in environment {@code in}; throws
     * LuaError with luaj's message on a syntax error. Only source, never precompiled bytecode.
     */
    LuaFunction compile(byte[] code, int from, String chunkName, LuaTable in) {
        LuaValue f = globals.load(new ByteArrayInputStream(code, from, code.length - from), chunkName, "t", in);
        return (LuaFunction) f;
    }

    /** A compile error's text as Lua 5.1 prints it ({@code user_script:1: ...}). */
    static String compileMessage(LuaError e) {
        String m = firstPart(e.getMessage());
        return m.startsWith("@") ? m.substring(1) : m;
    }

    /**
     * Runs {@code fn} for {@code run}: its return value converted to a reply, or the error reply
     * Redis gives for a script that raised.
     */
    Reply run(ScriptRun run, LuaFunction fn, Varargs args) {
        current = run;
        instructions = 0;
        lastClosure = null;
        try {
            LuaValue result = fn.invoke(args).arg1();
            return LuaReplies.fromLua(result, run.resp);
        } catch (LuaError e) {
            return errorReply(run, e);
        } catch (StackOverflowError e) {
            return Reply.error("ERR Error running script (call to " + run.name + "): stack overflow");
        } finally {
            current = null;
        }
    }

    /** eval.c's reply for a failed script: the error text, then where the script was. */
    private Reply errorReply(ScriptRun run, LuaError e) {
        LuaValue obj = e.getMessageObject();
        String head = firstPart(e.getMessage());
        String source = null;
        String line = null;
        String msg;
        Matcher m = FILELINE.matcher(e instanceof ScriptError se && se.where != null ? se.where + " x" : head);
        String rest = head;
        if (m.matches()) {
            source = "@" + m.group(1);
            line = m.group(2);
            rest = m.group(3);
        }
        if (source == null) {
            // Raised by a Java function (luaL_error in Redis): at the script's last position.
            String at = lastPosition();
            Matcher p = at == null ? null : FILELINE.matcher(at + " x");
            if (p != null && p.matches()) {
                source = "@" + p.group(1);
                line = p.group(2);
            }
        }
        if (obj != null && obj.istable()) {
            LuaValue err = obj.rawget(LuaReplies.ERR);
            msg = err.isstring() ? err.tojstring() : "ERR execution failure";
        } else if (source != null) {
            msg = "ERR " + source.substring(1) + ":" + line + ": " + rest;
        } else {
            msg = "ERR " + rest;
        }
        if (source != null) {
            msg = msg + " script: " + run.name + ", on " + source + ":" + line + ".";
        }
        return Reply.error(msg);
    }

    /** luaj appends a traceback to a message: the part before it. */
    private static String firstPart(String message) {
        if (message == null) {
            return "";
        }
        int tb = message.indexOf("\nstack traceback:");
        return tb < 0 ? message : message.substring(0, tb);
    }

    /** The value a {@code pcall} hands the script: a table error as raised, else Lua 5.1's text. */
    private LuaValue caught(LuaError e) {
        LuaValue obj = e.getMessageObject();
        if (obj != null && obj.istable()) {
            return obj;
        }
        String head = firstPart(e.getMessage());
        Matcher m = FILELINE.matcher(head);
        if (m.matches()) {
            return LuaValue.valueOf(m.group(1) + ":" + m.group(2) + ": " + m.group(3));
        }
        String at = lastPosition();
        return LuaValue.valueOf(at == null ? head : at.substring(1) + ": " + head);
    }

    // ---- the time limit -------------------------------------------------------------------

    /** Counts instructions and asks the host every {@link #HOOK_INSTRUCTIONS} (luaMaskCountHook). */
    private final class InstructionHook extends DebugLib {
        /** The functions being called, innermost last (Lua closures and Java functions). */
        private final java.util.ArrayDeque<LuaFunction> frames = new java.util.ArrayDeque<>();

        @Override
        public void onCall(LuaFunction f) {
            super.onCall(f);
            frames.push(f);
        }

        @Override
        public void onCall(org.luaj.vm2.LuaClosure c, Varargs varargs, LuaValue[] stack) {
            super.onCall(c, varargs, stack);
            frames.push(c);
        }

        @Override
        public void onReturn() {
            super.onReturn();
            frames.poll();
        }

        @Override
        public void onInstruction(int pc, Varargs v, int top) {
            super.onInstruction(pc, v, top);
            // Where the script is: kept across a tail call, whose frame is already gone when
            // the called redis.call raises (Lua 5.1 still reports the calling line).
            if (frames.peek() instanceof org.luaj.vm2.LuaClosure c) {
                lastClosure = c;
                lastPc = pc;
            }
            ScriptRun run = current;
            if (run == null) {
                return;
            }
            if (run.killRequested) {
                throw killed();
            }
            if (++instructions >= HOOK_INSTRUCTIONS) {
                instructions = 0;
                host.scriptProgress(run);
                if (run.killRequested) {
                    throw killed();
                }
            }
        }
    }

    private static LuaError killed() {
        LOG.warn("Lua script killed by user with SCRIPT KILL.");
        return new LuaError(LuaReplies.errorTable("Script killed by user with SCRIPT KILL..."));
    }

    // ---- the libraries --------------------------------------------------------------------

    private LuaTable mathLib(LuaTable jse) {
        LuaTable math = new LuaTable();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = jse.next(k);
            k = n.arg1();
            if (k.isnil()) {
                break;
            }
            math.rawset(k, n.arg(2));
        }
        math.rawset("random", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (current == null) {
                    throw new LuaError("math.random can only be called inside a script invocation");
                }
                double r = (double) (rand.next() % Rand48.MAX) / (double) Rand48.MAX;
                switch (args.narg()) {
                    case 0:
                        return LuaValue.valueOf(r);
                    case 1: {
                        int u = args.checkint(1);
                        if (u < 1) {
                            throw new LuaError("bad argument #1 to 'random' (interval is empty)");
                        }
                        return LuaValue.valueOf(Math.floor(r * u) + 1);
                    }
                    case 2: {
                        int l = args.checkint(1);
                        int u = args.checkint(2);
                        if (l > u) {
                            throw new LuaError("bad argument #2 to 'random' (interval is empty)");
                        }
                        return LuaValue.valueOf(Math.floor(r * (u - l + 1)) + l);
                    }
                    default:
                        throw new LuaError("wrong number of arguments");
                }
            }
        });
        math.rawset("randomseed", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue seed) {
                if (current == null) {
                    throw new LuaError("math.randomseed can only be called inside a script invocation");
                }
                rand.seed(seed.checkint());
                return NONE;
            }
        });
        return math;
    }

    private LuaTable redisLib() {
        LuaTable redis = new LuaTable();
        redis.rawset("call", new CallFunction(true));
        redis.rawset("pcall", new CallFunction(false));
        redis.rawset("log", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() < 2) {
                    throw raise("redis.log() requires two arguments or more.");
                }
                if (args.arg1().type() != LuaValue.TNUMBER) {
                    throw raise("First argument must be a number (log level).");
                }
                int level = args.arg1().toint();
                if (level < 0 || level > 3) {
                    throw raise("Invalid debug level.");
                }
                StringBuilder sb = new StringBuilder();
                for (int i = 2; i <= args.narg(); i++) {
                    if (i > 2) {
                        sb.append(' ');
                    }
                    sb.append(args.arg(i).tojstring());
                }
                switch (level) {
                    case 0 -> LOG.debug("{}", sb);
                    case 1 -> LOG.info("{}", sb);
                    case 2 -> LOG.info("{}", sb);
                    default -> LOG.warn("{}", sb);
                }
                return NONE;
            }
        });
        redis.rawset("LOG_DEBUG", 0);
        redis.rawset("LOG_VERBOSE", 1);
        redis.rawset("LOG_NOTICE", 2);
        redis.rawset("LOG_WARNING", 3);
        redis.rawset("REDIS_VERSION", "7.0.15");
        redis.rawset("REDIS_VERSION_NUM", 0x07000f);
        redis.rawset("setresp", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                ScriptRun run = requireRun("redis.setresp can only be called inside a script invocation");
                if (args.narg() != 1) {
                    throw raise("redis.setresp() requires one argument.");
                }
                int resp = args.arg1().toint();
                if (resp != 2 && resp != 3) {
                    throw raise("RESP version must be 2 or 3.");
                }
                run.resp = resp;
                return NONE;
            }
        });
        redis.rawset("sha1hex", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) {
                    throw raise("wrong number of arguments");
                }
                LuaValue s = args.arg1();
                byte[] data = s.isstring() ? LuaReplies.bytes(s.checkstring()) : new byte[0];
                return LuaValue.valueOf(Sha1Hex.of(data));
            }
        });
        redis.rawset("error_reply", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                    return LuaReplies.errorTable("wrong number or type of arguments");
                }
                String err = args.arg1().tojstring();
                return LuaReplies.errorTable(err.startsWith("-") ? err : "-" + err);
            }
        });
        redis.rawset("status_reply", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                    return LuaReplies.errorTable("wrong number or type of arguments");
                }
                LuaTable t = new LuaTable();
                t.rawset(LuaReplies.OK, args.arg1());
                return t;
            }
        });
        redis.rawset("set_repl", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                ScriptRun run = requireRun("redis.set_repl can only be called inside a script invocation");
                if (args.narg() != 1) {
                    throw raise("redis.set_repl() requires two arguments.");
                }
                int flags = args.arg1().toint();
                if ((flags & ~3) != 0) {
                    throw raise("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
                }
                // Tandem has no AOF: only the replica bit decides.
                run.propagate = (flags & 2) != 0;
                return NONE;
            }
        });
        redis.rawset("REPL_NONE", 0);
        redis.rawset("REPL_AOF", 1);
        redis.rawset("REPL_SLAVE", 2);
        redis.rawset("REPL_REPLICA", 2);
        redis.rawset("REPL_ALL", 3);
        // Redis 7.0 always replicates effects: kept for old scripts, does nothing.
        redis.rawset("replicate_commands", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return TRUE;
            }
        });
        // Outside the debugger (which Tandem does not have) these do nothing, as in Redis.
        redis.rawset("breakpoint", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return FALSE;
            }
        });
        redis.rawset("debug", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return NONE;
            }
        });
        redis.rawset("acl_check_cmd", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                ScriptRun run = requireRun("redis.acl_check_cmd can only be called inside a script invocation");
                if (args.narg() == 0) {
                    throw raise("Please specify at least one argument for this redis lib call");
                }
                byte[][] argv = new byte[args.narg()][];
                for (int i = 0; i < argv.length; i++) {
                    LuaValue a = args.arg(i + 1);
                    argv[i] = a.type() == LuaValue.TNUMBER
                            ? LuaNumbers.g17(a.todouble()).getBytes(StandardCharsets.US_ASCII)
                            : LuaReplies.bytes(a.checkstring());
                }
                CommandSpec spec = run.ctx.keyspace().commands().lookup(argv[0]);
                if (spec == null) {
                    throw raise("Invalid command passed to redis.acl_check_cmd()");
                }
                dev.tandem.core.internal.AclGate gate = run.ctx.client().aclGate();
                return gate == null || gate.check(argv, null) == null ? TRUE : FALSE;
            }
        });
        return redis;
    }

    private ScriptRun requireRun(String error) {
        ScriptRun run = current;
        if (run == null) {
            throw raise(error);
        }
        return run;
    }

    /** An error table raised at the script's current line (see {@link ScriptError}). */
    LuaError raise(String message) {
        return raise(LuaReplies.errorTable(message));
    }

    LuaError raise(LuaValue error) {
        return new ScriptError(error, where());
    }

    private static final Pattern FRAME = Pattern.compile("^\\t(.+?):(\\d+):", Pattern.MULTILINE);

    /** The innermost Lua frame's {@code @source:line}, from luaj's call stack; null if none. */
    private String where() {
        Matcher m = FRAME.matcher(globals.debuglib.traceback(1));
        if (m.find()) {
            return "@" + m.group(1) + ":" + m.group(2);
        }
        return lastPosition();
    }

    /** {@code @source:line} of the last Lua instruction executed, or null. */
    private String lastPosition() {
        org.luaj.vm2.LuaClosure c = lastClosure;
        if (c == null) {
            return null;
        }
        int[] lines = c.p.lineinfo;
        String source = c.p.source.tojstring();
        String line = lines != null && lastPc >= 0 && lastPc < lines.length ? String.valueOf(lines[lastPc]) : "?";
        return (source.startsWith("@") ? source : "@" + source) + ":" + line;
    }

    /** {@code redis.call} (raising) and {@code redis.pcall} (returning the error table). */
    private final class CallFunction extends VarArgFunction {
        private final boolean raise;

        CallFunction(boolean raise) {
            this.raise = raise;
        }

        @Override
        public Varargs invoke(Varargs args) {
            ScriptRun run = current;
            if (run == null) {
                throw raise("redis.call/pcall can only be called inside a script invocation");
            }
            int n = args.narg();
            if (n == 0) {
                return fail(LuaReplies.errorTable("Please specify at least one argument for this redis lib call"));
            }
            byte[][] argv = new byte[n][];
            for (int i = 0; i < n; i++) {
                LuaValue a = args.arg(i + 1);
                if (a.type() == LuaValue.TNUMBER) {
                    argv[i] = LuaNumbers.g17(a.todouble()).getBytes(StandardCharsets.US_ASCII);
                } else if (a.type() == LuaValue.TSTRING) {
                    argv[i] = LuaReplies.bytes(a.checkstring());
                } else {
                    return fail(LuaReplies.errorTable("Lua redis lib command arguments must be strings or integers"));
                }
            }
            CommandSpec spec = run.ctx.keyspace().commands().lookup(argv[0]);
            ScriptServer server = host.server();
            if (spec == null) {
                // Not a keyspace command: maybe one the server runs itself (PING, INFO, DEBUG...).
                ScriptServer.Command command = server.lookup(argv);
                String refusal = checkServerCall(run, command, argv);
                if (refusal != null) {
                    return fail(refused(refusal));
                }
                Reply reply = command.call(run.ctx.client().db(), argv, run.resp);
                server.commandCalled(run.ctx.client().db(), argv);
                return converted(run, reply);
            }
            String refusal = checkCall(run, spec, argv);
            if (refusal != null) {
                return fail(refused(refusal));
            }
            Reply reply = run.ctx.call(run.propagate, argv);
            // After the command, with the database it left selected, as 7.0.15's call() feeds it.
            server.commandCalled(run.ctx.client().db(), argv);
            return converted(run, reply);
        }

        private LuaValue converted(ScriptRun run, Reply reply) {
            LuaValue v = LuaReplies.toLua(reply, run.resp);
            if (raise && reply instanceof Reply.ErrorReply) {
                throw raise(v);
            }
            return v;
        }

        /** A refusal before the command ran: not counted in error stats (Redis's flag). */
        private LuaTable refused(String refusal) {
            LuaTable t = LuaReplies.errorTable(refusal);
            t.rawset("ignore_error_stats_update", TRUE);
            return t;
        }

        private Varargs fail(LuaTable error) {
            if (raise) {
                throw raise(error);
            }
            return error;
        }
    }

    /** script.c scriptCall's checks before a command runs; the error text, or null. */
    private static String checkCall(ScriptRun run, CommandSpec spec, byte[][] argv) {
        if (!spec.arityMatches(argv.length)) {
            return "Wrong number of args calling Redis command from script";
        }
        dev.tandem.core.internal.AclGate gate = run.ctx.client().aclGate();
        dev.tandem.core.internal.AclGate.Denial denied = gate == null ? null : gate.check(argv, "lua");
        if (denied != null) {
            // script.c's scriptVerifyACL texts
            return switch (denied) {
                case COMMAND -> "The user executing the script can't run this command or subcommand";
                case KEY -> "The user executing the script can't access at least one of the keys mentioned in the command arguments";
                case CHANNEL -> "The user executing the script can't publish to the channel mentioned in the command";
            };
        }
        // DEBUG SET-DISABLE-DENY-SCRIPTS lifts the NOSCRIPT refusal only: MULTI/EXEC and nested
        // scripts stay refused, since they cannot run inside a script's unit here.
        if (spec.flags().contains(CommandFlag.TRANSACTION) || spec.flags().contains(CommandFlag.SCRIPT)
                || spec.flags().contains(CommandFlag.NOSCRIPT) && !run.ctx.keyspace().scriptDenyDisabled()) {
            return "This Redis command is not allowed from script";
        }
        if (!spec.isWrite()) {
            return null;
        }
        if (run.readOnly) {
            return "Write commands are not allowed from read-only scripts.";
        }
        if (!run.dirty) {
            String refusal = run.ctx.writeRefusal();
            if (refusal != null) {
                return "-" + refusal;
            }
        }
        run.dirty = true;
        return null;
    }

    /** The same checks for a server command (none of which writes the keyspace); null if it may run. */
    private static String checkServerCall(ScriptRun run, ScriptServer.Command command, byte[][] argv) {
        if (command == null) {
            return "Unknown Redis command called from script";
        }
        if (!command.arityMatches(argv.length)) {
            return "Wrong number of args calling Redis command from script";
        }
        if (command.noScript(argv) && !run.ctx.keyspace().scriptDenyDisabled()) {
            return "This Redis command is not allowed from script";
        }
        return null;
    }

    /** Redis's pcall: a table error whose {@code err} is a string is handed over as that string. */
    private final class RedisPcall extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = args.checkvalue(1);
            try {
                return LuaValue.varargsOf(TRUE, f.invoke(args.subargs(2)));
            } catch (LuaError e) {
                ScriptRun run = current;
                if (run != null && run.killRequested) {
                    throw e; // a killed script must not be able to catch its own end
                }
                LuaValue v = caught(e);
                if (v.istable() && v.rawget(LuaReplies.ERR).isstring()) {
                    v = v.rawget(LuaReplies.ERR);
                }
                return LuaValue.varargsOf(FALSE, v);
            } catch (StackOverflowError e) {
                return LuaValue.varargsOf(FALSE, LuaValue.valueOf("stack overflow"));
            }
        }
    }

    /** {@code load}/{@code loadstring} of a string, always in the sandbox (never the real globals). */
    private final class LoadFunction extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue chunk = args.arg1();
            if (!chunk.isstring()) {
                return LuaValue.varargsOf(NIL, LuaValue.valueOf("load of a function is not supported"));
            }
            String name = args.optjstring(2, chunk.tojstring());
            try {
                return compile(LuaReplies.bytes(chunk.checkstring()), 0, name, env);
            } catch (LuaError e) {
                return LuaValue.varargsOf(NIL, LuaValue.valueOf(compileMessage(e)));
            }
        }
    }
}
