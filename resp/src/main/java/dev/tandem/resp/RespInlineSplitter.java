/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an inline command line into arguments with the rules of Redis's {@code sdssplitargs}
 * (sds.c), which {@code processInlineBuffer} uses:
 *
 * <ul>
 *   <li>arguments are separated by blanks ({@code isspace}: space, \t, \n, \v, \f, \r); an
 *       unquoted argument ends at space, \t, \n or \r (so \v and \f inside it are kept);</li>
 *   <li>{@code "..."} takes the escapes {@code \n \r \t \b \a}, {@code \xHH} (two hex digits) and
 *       {@code \<any other byte>} for that byte;</li>
 *   <li>{@code '...'} takes only {@code \'};</li>
 *   <li>quotes may start in the middle of an argument ({@code a"b c"} is {@code ab c});</li>
 *   <li>a closing quote must be followed by a blank or the end of the line, and a quote must be
 *       closed; otherwise the line is invalid ({@code unbalanced quotes});</li>
 *   <li>like the C code, which works on a NUL-terminated string, a NUL byte ends the line.</li>
 * </ul>
 */
public final class RespInlineSplitter {

    private RespInlineSplitter() {
    }

    /**
     * The arguments of {@code line[from, to)}.
     *
     * @return the arguments (possibly none), or {@code null} if the quotes are unbalanced
     */
    public static byte[][] split(byte[] line, int from, int to) {
        // A NUL ends the C string that sdssplitargs walks.
        int end = from;
        while (end < to && line[end] != 0) {
            end++;
        }
        List<byte[]> args = new ArrayList<>();
        Token current = new Token();
        int p = from;
        while (true) {
            while (p < end && isSpace(line[p])) {
                p++;
            }
            if (p == end) {
                return args.toArray(new byte[0][]);
            }
            boolean inDoubleQuotes = false;
            boolean inSingleQuotes = false;
            boolean done = false;
            current.reset();
            while (!done) {
                int c = p < end ? line[p] : 0;
                int next = p + 1 < end ? line[p + 1] : 0;
                if (inDoubleQuotes) {
                    if (c == '\\' && next == 'x' && isHex(at(line, p + 2, end)) && isHex(at(line, p + 3, end))) {
                        current.append((byte) (hex(line[p + 2]) * 16 + hex(line[p + 3])));
                        p += 3;
                    } else if (c == '\\' && next != 0) {
                        p++;
                        current.append(switch (next) {
                            case 'n' -> (byte) '\n';
                            case 'r' -> (byte) '\r';
                            case 't' -> (byte) '\t';
                            case 'b' -> (byte) '\b';
                            case 'a' -> (byte) 7;
                            default -> (byte) next;
                        });
                    } else if (c == '"') {
                        if (next != 0 && !isSpace((byte) next)) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.append((byte) c);
                    }
                } else if (inSingleQuotes) {
                    if (c == '\\' && next == '\'') {
                        p++;
                        current.append((byte) '\'');
                    } else if (c == '\'') {
                        if (next != 0 && !isSpace((byte) next)) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.append((byte) c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDoubleQuotes = true;
                        case '\'' -> inSingleQuotes = true;
                        default -> current.append((byte) c);
                    }
                }
                if (p < end) {
                    p++;
                }
            }
            args.add(current.toByteArray());
        }
    }

    /** {@link #split(byte[], int, int)} over the whole array. */
    public static byte[][] split(byte[] line) {
        return split(line, 0, line.length);
    }

    private static int at(byte[] line, int i, int end) {
        return i < end ? line[i] : 0;
    }

    /** C's {@code isspace} in the "C" locale. */
    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(byte c) {
        return Character.digit(c, 16);
    }

    /** A growable byte buffer for one argument. */
    private static final class Token {
        private byte[] bytes = new byte[16];
        private int size;

        void reset() {
            size = 0;
        }

        void append(byte b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, size * 2);
            }
            bytes[size++] = b;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }
}
