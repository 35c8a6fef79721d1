/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Redis's argument syntax for configuration lines ({@code sdssplitargs}) and its inverse
 * ({@code sdscatrepr}), on bytes so that any value, binary included, survives both.
 *
 * <p>Splitting rules, as in Redis 7.0: arguments are separated by whitespace; {@code "double
 * quotes"} take the escapes {@code \n \r \t \b \a \\ \"}, {@code \xHH} and {@code \}<i>any</i>
 * (that character); {@code 'single quotes'} take only {@code \'}; a closing quote must be
 * followed by whitespace or the end of the line; a quote may open in the middle of a word
 * ({@code ab"c d"} is {@code ab c d}); an unterminated quote makes the whole line invalid.
 * A NUL byte ends the line, as it ends Redis's C string.
 */
final class ConfigArgs {

    private ConfigArgs() {
    }

    /** The arguments of {@code line}, or empty when its quotes are unbalanced. */
    static Optional<List<byte[]>> split(byte[] line) {
        List<byte[]> args = new ArrayList<>();
        int p = 0;
        while (true) {
            while (at(line, p) != 0 && isSpace(at(line, p))) {
                p++;
            }
            if (at(line, p) == 0) {
                return Optional.of(args);
            }
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            boolean inDoubleQuotes = false;
            boolean inSingleQuotes = false;
            boolean done = false;
            while (!done) {
                int c = at(line, p);
                if (inDoubleQuotes) {
                    if (c == '\\' && at(line, p + 1) == 'x' && isHex(at(line, p + 2)) && isHex(at(line, p + 3))) {
                        current.write(Character.digit(at(line, p + 2), 16) * 16 + Character.digit(at(line, p + 3), 16));
                        p += 3;
                    } else if (c == '\\' && at(line, p + 1) != 0) {
                        p++;
                        current.write(unescape(at(line, p)));
                    } else if (c == '"') {
                        if (at(line, p + 1) != 0 && !isSpace(at(line, p + 1))) {
                            return Optional.empty();
                        }
                        done = true;
                    } else if (c == 0) {
                        return Optional.empty();
                    } else {
                        current.write(c);
                    }
                } else if (inSingleQuotes) {
                    if (c == '\\' && at(line, p + 1) == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (at(line, p + 1) != 0 && !isSpace(at(line, p + 1))) {
                            return Optional.empty();
                        }
                        done = true;
                    } else if (c == 0) {
                        return Optional.empty();
                    } else {
                        current.write(c);
                    }
                } else {
                    switch (c) {
                        // Only these end a bare word; \v and \f are skipped between words but kept inside one.
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDoubleQuotes = true;
                        case '\'' -> inSingleQuotes = true;
                        default -> current.write(c);
                    }
                }
                if (at(line, p) != 0) {
                    p++;
                }
            }
            args.add(current.toByteArray());
        }
    }

    /**
     * {@code value} in double quotes with Redis's escapes, so that {@link #split} gives it back
     * unchanged; Redis quotes command-line option values this way before parsing them.
     */
    static byte[] quote(byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 2);
        out.write('"');
        for (byte b : value) {
            int c = b & 0xff;
            switch (c) {
                case '\\', '"' -> {
                    out.write('\\');
                    out.write(c);
                }
                case '\n' -> writeAscii(out, "\\n");
                case '\r' -> writeAscii(out, "\\r");
                case '\t' -> writeAscii(out, "\\t");
                case 0x07 -> writeAscii(out, "\\a");
                case '\b' -> writeAscii(out, "\\b");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        out.write(c);
                    } else {
                        writeAscii(out, String.format("\\x%02x", c));
                    }
                }
            }
        }
        out.write('"');
        return out.toByteArray();
    }

    /** The byte at {@code i}, 0 past the end (the C string's terminator). */
    private static int at(byte[] line, int i) {
        return i < line.length ? line[i] & 0xff : 0;
    }

    /** C's {@code isspace} in the "C" locale. */
    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int unescape(int c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 0x07;
            default -> c;
        };
    }

    private static void writeAscii(ByteArrayOutputStream out, String s) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }
}
