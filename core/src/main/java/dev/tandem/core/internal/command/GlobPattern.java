/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

/**
 * Redis's glob matching (util.c stringmatchlen) for KEYS, SCAN MATCH and friends: {@code *},
 * {@code ?}, {@code [abc]}, {@code [^a-z]}, {@code \} escapes; binary-safe, case-sensitive.
 */
public final class GlobPattern {
    private GlobPattern() {
    }

    public static boolean matches(byte[] pattern, byte[] string) {
        return match(pattern, 0, string, 0, 0);
    }

    /** Recursion depth is bounded like Redis's (nesting of '*' beyond 1000 never matches). */
    private static boolean match(byte[] p, int pi, byte[] s, int si, int depth) {
        if (depth > 1000) {
            return false;
        }
        while (pi < p.length && si < s.length) {
            byte c = p[pi];
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int k = si; k < s.length; k++) {
                        if (match(p, pi + 1, s, k, depth + 1)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean found = false;
                    while (true) {
                        if (pi >= p.length) {
                            pi--; // unterminated class: treat as ending here (Redis does)
                            break;
                        }
                        if (p[pi] == '\\' && pi + 2 < p.length) {
                            pi++;
                            if (p[pi] == s[si]) {
                                found = true;
                            }
                        } else if (p[pi] == ']') {
                            break;
                        } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                            int start = p[pi] & 0xff;
                            int end = p[pi + 2] & 0xff;
                            int ch = s[si] & 0xff;
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            pi += 2;
                            if (ch >= start && ch <= end) {
                                found = true;
                            }
                        } else if (p[pi] == s[si]) {
                            found = true;
                        }
                        pi++;
                    }
                    if (not) {
                        found = !found;
                    }
                    if (!found) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) {
                        pi++;
                    }
                    if (p[pi] != s[si]) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (c != s[si]) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        if (si == s.length) {
            while (pi < p.length && p[pi] == '*') {
                pi++;
            }
        }
        return pi == p.length && si == s.length;
    }
}
