/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code cjson} library Redis bundles (lua-cjson 2.1.0), written for luaj: the same JSON
 * text for the same values (numbers with {@code %.14g}, {@code /} escaped, an empty table as
 * {@code {}}, sparse-array and nesting limits) and the same error texts. Strings are bytes, as in
 * Lua: non-ASCII bytes pass through unchanged.
 */
final class CjsonLib {
    /** {@code cjson.null}: decoded JSON nulls, and encoded as null. */
    static final LuaUserdata NULL = new LuaUserdata(new Object());
    private static final int SPARSE_RATIO = 2;
    private static final int SPARSE_SAFE = 10;

    private int encodeMaxDepth = 1000;
    private int decodeMaxDepth = 1000;
    private int precision = 14;
    /** encode_invalid_numbers: 0 refuse NaN/Inf, 1 encode as NaN/Infinity, 2 as null. */
    private int invalidNumbers;
    private int sparseRatio = SPARSE_RATIO;
    private int sparseSafe = SPARSE_SAFE;

    private CjsonLib() {
    }

    static LuaTable create() {
        CjsonLib lib = new CjsonLib();
        LuaTable t = new LuaTable();
        t.rawset("encode", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) {
                    throw new LuaError("bad argument #1 to 'encode' (expected 1 argument)");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                lib.encode(args.arg1(), out, 0);
                return LuaString.valueUsing(out.toByteArray());
            }
        });
        t.rawset("decode", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) {
                    throw new LuaError("bad argument #1 to 'decode' (expected 1 argument)");
                }
                return new Decoder(LuaReplies.bytes(args.arg1().checkstring()), lib.decodeMaxDepth).document();
            }
        });
        t.rawset("encode_max_depth", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (!args.isnoneornil(1)) {
                    lib.encodeMaxDepth = positive(args, "encode_max_depth");
                }
                return LuaValue.valueOf(lib.encodeMaxDepth);
            }
        });
        t.rawset("decode_max_depth", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (!args.isnoneornil(1)) {
                    lib.decodeMaxDepth = positive(args, "decode_max_depth");
                }
                return LuaValue.valueOf(lib.decodeMaxDepth);
            }
        });
        t.rawset("encode_number_precision", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (!args.isnoneornil(1)) {
                    int p = args.checkint(1);
                    if (p < 1 || p > 14) {
                        throw new LuaError("bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14)");
                    }
                    lib.precision = p;
                }
                return LuaValue.valueOf(lib.precision);
            }
        });
        t.rawset("encode_keep_buffer", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.TRUE; // no buffer to keep on the JVM
            }
        });
        t.rawset("encode_invalid_numbers", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue v = args.arg1();
                if (!args.isnoneornil(1)) {
                    if (v.isstring() && v.tojstring().equals("null")) {
                        lib.invalidNumbers = 2;
                    } else if (v.isboolean()) {
                        lib.invalidNumbers = v.toboolean() ? 1 : 0;
                    } else {
                        throw new LuaError("bad argument #1 to 'encode_invalid_numbers' (invalid option '"
                                + v.tojstring() + "')");
                    }
                }
                return lib.invalidNumbers == 2 ? LuaValue.valueOf("null") : LuaValue.valueOf(lib.invalidNumbers == 1);
            }
        });
        t.rawset("decode_invalid_numbers", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.TRUE; // Java's parser already refuses what lua-cjson's refuses by default
            }
        });
        t.rawset("encode_sparse_array", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (!args.isnoneornil(2)) {
                    lib.sparseRatio = args.checkint(2);
                }
                if (!args.isnoneornil(3)) {
                    lib.sparseSafe = args.checkint(3);
                }
                return LuaValue.varargsOf(new LuaValue[] {LuaValue.FALSE, LuaValue.valueOf(lib.sparseRatio),
                    LuaValue.valueOf(lib.sparseSafe)});
            }
        });
        t.rawset("null", NULL);
        t.rawset("_NAME", "cjson");
        t.rawset("_VERSION", "2.1.0");
        return t;
    }

    private static int positive(Varargs args, String name) {
        int v = args.checkint(1);
        if (v < 1) {
            throw new LuaError("bad argument #1 to '" + name + "' (expected integer between 1 and 2147483647)");
        }
        return v;
    }

    // ---- encode -----------------------------------------------------------------------------

    private void encode(LuaValue v, ByteArrayOutputStream out, int depth) {
        switch (v.type()) {
            case LuaValue.TSTRING -> encodeString(LuaReplies.bytes(v.checkstring()), out);
            case LuaValue.TNUMBER -> encodeNumber(v.todouble(), out);
            case LuaValue.TBOOLEAN -> write(out, v.toboolean() ? "true" : "false");
            case LuaValue.TNIL -> write(out, "null");
            case LuaValue.TTABLE -> encodeTable((LuaTable) v, out, depth + 1);
            case LuaValue.TUSERDATA, LuaValue.TLIGHTUSERDATA -> {
                if (v == NULL) {
                    write(out, "null");
                } else {
                    throw new LuaError("Cannot serialise userdata: type not supported");
                }
            }
            default -> throw new LuaError("Cannot serialise " + v.typename() + ": type not supported");
        }
    }

    private void encodeNumber(double d, ByteArrayOutputStream out) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            switch (invalidNumbers) {
                case 0 -> throw new LuaError("Cannot serialise number: must not be NaN or Inf");
                case 1 -> write(out, Double.isNaN(d) ? "NaN" : d < 0 ? "-Infinity" : "Infinity");
                default -> write(out, "null");
            }
            return;
        }
        write(out, LuaNumbers.g(d, precision));
    }

    private void encodeTable(LuaTable t, ByteArrayOutputStream out, int depth) {
        if (depth > encodeMaxDepth) {
            throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
        }
        int length = arrayLength(t, sparseRatio, sparseSafe);
        if (length > 0) {
            out.write('[');
            for (int i = 1; i <= length; i++) {
                if (i > 1) {
                    out.write(',');
                }
                encode(t.rawget(i), out, depth);
            }
            out.write(']');
            return;
        }
        out.write('{');
        boolean first = true;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            k = n.arg1();
            if (k.isnil()) {
                break;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            if (k.type() == LuaValue.TSTRING) {
                encodeString(LuaReplies.bytes(k.checkstring()), out);
            } else if (k.type() == LuaValue.TNUMBER) {
                out.write('"');
                encodeNumber(k.todouble(), out);
                out.write('"');
            } else {
                throw new LuaError("Cannot serialise table: table key must be a number or string");
            }
            out.write(':');
            encode(n.arg(2), out, depth);
        }
        out.write('}');
    }

    /** lua_array_length: the array size if every key is a positive integer, else -1 (0: empty). */
    private static int arrayLength(LuaTable t, int ratio, int safe) {
        double max = 0;
        int items = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            k = n.arg1();
            if (k.isnil()) {
                break;
            }
            if (k.type() == LuaValue.TNUMBER) {
                double d = k.todouble();
                if (d == Math.floor(d) && d >= 1) {
                    max = Math.max(max, d);
                    items++;
                    continue;
                }
            }
            return -1;
        }
        if (ratio > 0 && max > safe && max > items * (double) ratio) {
            throw new LuaError("Cannot serialise table: excessively sparse array");
        }
        return (int) max;
    }

    private static void encodeString(byte[] s, ByteArrayOutputStream out) {
        out.write('"');
        for (byte b : s) {
            int c = b & 0xff;
            switch (c) {
                case '"' -> write(out, "\\\"");
                case '\\' -> write(out, "\\\\");
                case '/' -> write(out, "\\/");
                case '\b' -> write(out, "\\b");
                case '\f' -> write(out, "\\f");
                case '\n' -> write(out, "\\n");
                case '\r' -> write(out, "\\r");
                case '\t' -> write(out, "\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        write(out, String.format("\\u%04x", c));
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    // ---- decode -----------------------------------------------------------------------------

    /** A recursive-descent JSON parser with lua-cjson's error texts ("at character N", 1-based). */
    private static final class Decoder {
        private final byte[] s;
        private final int maxDepth;
        private int pos;
        private int depth;

        Decoder(byte[] s, int maxDepth) {
            this.s = s;
            this.maxDepth = maxDepth;
        }

        LuaValue document() {
            LuaValue v = value();
            skipWhitespace();
            if (pos < s.length) {
                throw expected("the end", foundAt());
            }
            return v;
        }

        private LuaValue value() {
            skipWhitespace();
            if (pos >= s.length) {
                throw expected("value", "T_END");
            }
            int c = s[pos] & 0xff;
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", LuaValue.TRUE);
                case 'f':
                    return literal("false", LuaValue.FALSE);
                case 'n':
                    return literal("null", NULL);
                default:
                    if (c == '-' || c >= '0' && c <= '9') {
                        return number();
                    }
                    throw expected("value", "invalid token");
            }
        }

        private LuaValue literal(String word, LuaValue v) {
            byte[] w = word.getBytes(StandardCharsets.US_ASCII);
            if (pos + w.length > s.length) {
                throw expected("value", "invalid token");
            }
            for (int i = 0; i < w.length; i++) {
                if (s[pos + i] != w[i]) {
                    throw expected("value", "invalid token");
                }
            }
            pos += w.length;
            return v;
        }

        private void enter() {
            depth++;
            if (depth > maxDepth) {
                throw new LuaError("Found too many nested data structures (" + depth + ") at character " + (pos + 1));
            }
        }

        private LuaValue object() {
            enter();
            pos++;
            LuaTable t = new LuaTable();
            skipWhitespace();
            if (pos < s.length && s[pos] == '}') {
                pos++;
                depth--;
                return t;
            }
            while (true) {
                skipWhitespace();
                if (pos >= s.length || s[pos] != '"') {
                    throw expected("object key string", foundAt());
                }
                LuaValue key = string();
                skipWhitespace();
                if (pos >= s.length || s[pos] != ':') {
                    throw expected("colon", foundAt());
                }
                pos++;
                t.rawset(key, value());
                skipWhitespace();
                if (pos < s.length && s[pos] == '}') {
                    pos++;
                    depth--;
                    return t;
                }
                if (pos >= s.length || s[pos] != ',') {
                    throw expected("comma or object end", foundAt());
                }
                pos++;
            }
        }

        private LuaValue array() {
            enter();
            pos++;
            LuaTable t = new LuaTable();
            skipWhitespace();
            if (pos < s.length && s[pos] == ']') {
                pos++;
                depth--;
                return t;
            }
            for (int i = 1; ; i++) {
                t.rawset(i, value());
                skipWhitespace();
                if (pos < s.length && s[pos] == ']') {
                    pos++;
                    depth--;
                    return t;
                }
                if (pos >= s.length || s[pos] != ',') {
                    throw expected("comma or array end", foundAt());
                }
                pos++;
            }
        }

        private LuaValue string() {
            int start = pos;
            pos++;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                if (pos >= s.length) {
                    pos = start;
                    throw expected("value", "invalid token");
                }
                int c = s[pos] & 0xff;
                if (c == '"') {
                    pos++;
                    return LuaString.valueUsing(out.toByteArray());
                }
                if (c == '\\') {
                    if (pos + 1 >= s.length) {
                        pos = start;
                        throw expected("value", "invalid token");
                    }
                    int e = s[pos + 1] & 0xff;
                    pos += 2;
                    switch (e) {
                        case '"', '\\', '/' -> out.write(e);
                        case 'b' -> out.write('\b');
                        case 'f' -> out.write('\f');
                        case 'n' -> out.write('\n');
                        case 'r' -> out.write('\r');
                        case 't' -> out.write('\t');
                        case 'u' -> unicode(out, start);
                        default -> {
                            pos = start;
                            throw expected("value", "invalid escape code");
                        }
                    }
                    continue;
                }
                out.write(c);
                pos++;
            }
        }

        private void unicode(ByteArrayOutputStream out, int start) {
            int cp = hex4(start);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (pos + 1 < s.length && s[pos] == '\\' && s[pos + 1] == 'u') {
                    pos += 2;
                    int low = hex4(start);
                    if (low < 0xDC00 || low > 0xDFFF) {
                        pos = start;
                        throw expected("value", "invalid unicode escape code");
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else {
                    pos = start;
                    throw expected("value", "invalid unicode escape code");
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                pos = start;
                throw expected("value", "invalid unicode escape code");
            }
            out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        }

        private int hex4(int start) {
            if (pos + 4 > s.length) {
                pos = start;
                throw expected("value", "invalid unicode escape code");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(s[pos + i], 16);
                if (d < 0) {
                    pos = start;
                    throw expected("value", "invalid unicode escape code");
                }
                v = v * 16 + d;
            }
            pos += 4;
            return v;
        }

        private LuaValue number() {
            int start = pos;
            if (s[pos] == '-') {
                pos++;
            }
            // lua-cjson refuses hex (strtod would take it); leading zeros it accepts ("012" is 12)
            if (pos + 1 < s.length && s[pos] == '0' && (s[pos + 1] == 'x' || s[pos + 1] == 'X')) {
                pos = start;
                throw expected("value", "invalid number");
            }
            while (pos < s.length && (Character.isDigit(s[pos]) || s[pos] == '.' || s[pos] == 'e'
                    || s[pos] == 'E' || s[pos] == '+' || s[pos] == '-')) {
                pos++;
            }
            String text = new String(s, start, pos - start, StandardCharsets.US_ASCII);
            try {
                return LuaValue.valueOf(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                pos = start;
                throw expected("value", "invalid number");
            }
        }

        private void skipWhitespace() {
            while (pos < s.length && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) {
                pos++;
            }
        }

        private String foundAt() {
            if (pos >= s.length) {
                return "T_END";
            }
            return switch (s[pos]) {
                case '{' -> "T_OBJ_BEGIN";
                case '}' -> "T_OBJ_END";
                case '[' -> "T_ARR_BEGIN";
                case ']' -> "T_ARR_END";
                case '"' -> "T_STRING";
                case ':' -> "T_COLON";
                case ',' -> "T_COMMA";
                case 't', 'f' -> "T_BOOLEAN";
                case 'n' -> "T_NULL";
                default -> (s[pos] == '-' || Character.isDigit(s[pos])) ? "T_NUMBER" : "invalid token";
            };
        }

        private LuaError expected(String what, String found) {
            return new LuaError("Expected " + what + " but found " + found + " at character " + (pos + 1));
        }
    }
}
