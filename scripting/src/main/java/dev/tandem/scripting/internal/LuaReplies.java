/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

import dev.tandem.core.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Redis's conversions between command replies and Lua values (script_lua.c): a reply becomes a
 * Lua value as the script's RESP version says ({@code redis.setresp}), and the script's return
 * value becomes the reply to its caller.
 */
final class LuaReplies {
    /** Nesting deeper than this is refused rather than risking the thread's stack. */
    static final int MAX_DEPTH = 200;
    static final LuaString ERR = LuaValue.valueOf("err");
    static final LuaString OK = LuaValue.valueOf("ok");
    private static final LuaString DOUBLE = LuaValue.valueOf("double");
    private static final LuaString MAP = LuaValue.valueOf("map");
    private static final LuaString SET = LuaValue.valueOf("set");
    private static final LuaString BIG_NUMBER = LuaValue.valueOf("big_number");
    private static final LuaString VERBATIM = LuaValue.valueOf("verbatim_string");
    private static final LuaString STRING = LuaValue.valueOf("string");
    private static final LuaString FORMAT = LuaValue.valueOf("format");
    private static final LuaString IGNORE_STATS = LuaValue.valueOf("ignore_error_stats_update");

    private LuaReplies() {
    }

    // ---- reply → Lua ----------------------------------------------------------------------

    /** A command's reply as {@code redis.call} returns it, for a script speaking RESP {@code resp}. */
    static LuaValue toLua(Reply reply, int resp) {
        if (reply instanceof Reply.BulkReply b) {
            return LuaString.valueUsing(b.bytes());
        }
        if (reply instanceof Reply.IntegerReply i) {
            return LuaValue.valueOf((double) i.value());
        }
        if (reply instanceof Reply.SimpleReply s) {
            LuaTable t = new LuaTable();
            t.rawset(OK, LuaValue.valueOf(s.text()));
            return t;
        }
        if (reply instanceof Reply.ErrorReply e) {
            LuaTable t = errorTable("-" + e.text());
            t.rawset(IGNORE_STATS, LuaValue.TRUE);
            return t;
        }
        if (reply instanceof Reply.NullReply || reply instanceof Reply.NullArrayReply) {
            return resp == 2 ? LuaValue.FALSE : LuaValue.NIL;
        }
        if (reply instanceof Reply.ArrayReply a) {
            return array(a.items(), resp);
        }
        if (reply instanceof Reply.MapReply m) {
            if (resp == 2) {
                return array(m.keysAndValues(), resp);
            }
            LuaTable inner = new LuaTable();
            List<Reply> kv = m.keysAndValues();
            for (int i = 0; i + 1 < kv.size(); i += 2) {
                inner.set(toLua(kv.get(i), resp), toLua(kv.get(i + 1), resp));
            }
            LuaTable t = new LuaTable();
            t.rawset(MAP, inner);
            return t;
        }
        if (reply instanceof Reply.SetReply s) {
            if (resp == 2) {
                return array(s.items(), resp);
            }
            LuaTable inner = new LuaTable();
            for (Reply r : s.items()) {
                inner.set(toLua(r, resp), LuaValue.TRUE);
            }
            LuaTable t = new LuaTable();
            t.rawset(SET, inner);
            return t;
        }
        if (reply instanceof Reply.DoubleReply d) {
            if (resp == 2) {
                return LuaValue.valueOf(LuaNumbers.g17(d.value()));
            }
            LuaTable t = new LuaTable();
            t.rawset(DOUBLE, LuaValue.valueOf(d.value()));
            return t;
        }
        if (reply instanceof Reply.BooleanReply b) {
            return resp == 2 ? LuaValue.valueOf(b.value() ? 1 : 0) : LuaValue.valueOf(b.value());
        }
        if (reply instanceof Reply.VerbatimReply v) {
            if (resp == 2) {
                return LuaString.valueUsing(v.bytes());
            }
            LuaTable inner = new LuaTable();
            inner.rawset(STRING, LuaString.valueUsing(v.bytes()));
            inner.rawset(FORMAT, LuaValue.valueOf(v.format()));
            LuaTable t = new LuaTable();
            t.rawset(VERBATIM, inner);
            return t;
        }
        if (reply instanceof Reply.BigNumberReply n) {
            if (resp == 2) {
                return LuaValue.valueOf(n.digits());
            }
            LuaTable t = new LuaTable();
            t.rawset(BIG_NUMBER, LuaValue.valueOf(n.digits()));
            return t;
        }
        if (reply instanceof Reply.AttributeReply a) {
            return toLua(a.reply(), resp); // Redis does not expose attributes to scripts (yet)
        }
        if (reply instanceof Reply.PushReply) {
            return LuaValue.NIL; // script_lua.c has no conversion for a push: the script sees nil
        }
        throw new IllegalStateException("unknown reply " + reply);
    }

    private static LuaTable array(List<Reply> items, int resp) {
        LuaTable t = new LuaTable(items.size(), 0);
        int i = 1;
        for (Reply r : items) {
            t.rawset(i++, toLua(r, resp));
        }
        return t;
    }

    /**
     * Redis's luaPushErrorBuff: {@code "-CODE message"} or a bare message (code ERR) becomes
     * {@code {err="CODE message"}} with the trailing CR/LF trimmed.
     */
    static LuaTable errorTable(String buffer) {
        String code;
        String msg;
        if (buffer.startsWith("-")) {
            int sp = buffer.indexOf(' ');
            if (sp < 0) {
                code = "ERR";
                msg = buffer.substring(1);
            } else {
                code = buffer.substring(1, sp);
                msg = buffer.substring(sp + 1);
            }
        } else {
            code = "ERR";
            msg = buffer;
        }
        msg = trimCrLf(msg);
        LuaTable t = new LuaTable();
        t.rawset(ERR, LuaValue.valueOf(code + " " + msg));
        return t;
    }

    private static String trimCrLf(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == '\r' || s.charAt(from) == '\n')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == '\r' || s.charAt(to - 1) == '\n')) {
            to--;
        }
        return s.substring(from, to);
    }

    // ---- Lua → reply ----------------------------------------------------------------------

    /**
     * The reply for a script's return value: {@code scriptResp} is the version the script set
     * with {@code redis.setresp} (booleans depend on it), as luaReplyToRedisReply.
     */
    static Reply fromLua(LuaValue v, int scriptResp) {
        return fromLua(v, scriptResp, 0);
    }

    private static Reply fromLua(LuaValue v, int resp, int depth) {
        if (depth > MAX_DEPTH) {
            return Reply.error("ERR reached lua stack limit");
        }
        switch (v.type()) {
            case LuaValue.TSTRING:
                return Reply.bulk(bytes(v.checkstring()));
            case LuaValue.TBOOLEAN:
                if (resp == 2) {
                    return v.toboolean() ? Reply.ONE : Reply.NULL;
                }
                return new Reply.BooleanReply(v.toboolean());
            case LuaValue.TNUMBER:
                return Reply.integer((long) v.todouble());
            case LuaValue.TTABLE:
                return tableReply((LuaTable) v, resp, depth);
            default:
                return Reply.NULL;
        }
    }

    private static Reply tableReply(LuaTable t, int resp, int depth) {
        LuaValue err = t.rawget(ERR);
        if (err.type() == LuaValue.TSTRING) {
            return Reply.error(err.tojstring());
        }
        LuaValue ok = t.rawget(OK);
        if (ok.type() == LuaValue.TSTRING) {
            return Reply.simple(ok.tojstring().replace('\r', ' ').replace('\n', ' '));
        }
        LuaValue dbl = t.rawget(DOUBLE);
        if (dbl.type() == LuaValue.TNUMBER) {
            return new Reply.DoubleReply(dbl.todouble());
        }
        LuaValue big = t.rawget(BIG_NUMBER);
        if (big.type() == LuaValue.TSTRING) {
            // CR and LF would break the protocol line, so Redis blanks them (luaReplyToRedisReply).
            return new Reply.BigNumberReply(latin1(big.checkstring()).replace('\r', ' ').replace('\n', ' '));
        }
        LuaValue verb = t.rawget(VERBATIM);
        if (verb.type() == LuaValue.TTABLE) {
            LuaValue format = verb.rawget(FORMAT);
            LuaValue str = verb.rawget(STRING);
            if (format.type() == LuaValue.TSTRING && str.type() == LuaValue.TSTRING) {
                return new Reply.VerbatimReply(format.tojstring(), bytes(str.checkstring()));
            }
        }
        LuaValue map = t.rawget(MAP);
        if (map.type() == LuaValue.TTABLE) {
            List<Reply> kv = new ArrayList<>();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = map.next(k);
                k = n.arg1();
                if (k.isnil()) {
                    break;
                }
                kv.add(fromLua(k, resp, depth + 1));
                kv.add(fromLua(n.arg(2), resp, depth + 1));
            }
            return new Reply.MapReply(kv);
        }
        LuaValue set = t.rawget(SET);
        if (set.type() == LuaValue.TTABLE) {
            List<Reply> items = new ArrayList<>();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = set.next(k);
                k = n.arg1();
                if (k.isnil()) {
                    break;
                }
                items.add(fromLua(k, resp, depth + 1));
            }
            return new Reply.SetReply(items);
        }
        List<Reply> items = new ArrayList<>();
        for (int j = 1; ; j++) {
            LuaValue e = t.rawget(j);
            if (e.isnil()) {
                break;
            }
            items.add(fromLua(e, resp, depth + 1));
        }
        return Reply.array(items);
    }

    static byte[] bytes(LuaString s) {
        byte[] out = new byte[s.rawlen()];
        s.copyInto(0, out, 0, out.length);
        return out;
    }

    /** The bytes as ISO-8859-1 characters, one per byte, so that encoding them again is lossless. */
    static String latin1(LuaString s) {
        return new String(bytes(s), StandardCharsets.ISO_8859_1);
    }

    static String utf8(LuaString s) {
        return new String(bytes(s), StandardCharsets.UTF_8);
    }
}
