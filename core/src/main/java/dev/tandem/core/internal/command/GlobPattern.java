/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

/**
 * Redis's glob matching (util.c {@code stringmatchlen}, 7.0.15) for KEYS, SCAN MATCH and friends:
 * {@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]}, {@code \} escapes; binary-safe, optionally
 * case-insensitive for ASCII letters (CONFIG GET).
 *
 * <p>Linear in memory and O(pattern × string) in time, whatever the pattern: Redis's recursive
 * matcher took exponential time on {@code a*a*a*…*b} until CVE-2022-36021, and Tandem's copy of
 * it hung the I/O thread (issue #15). Every element other than {@code *} consumes exactly one
 * byte, so once the part of the pattern after a star has been tried at every later position,
 * letting an earlier star swallow more cannot help (the later star would only start later).
 * Hence only the last star passed needs remembering: on a mismatch the matcher restarts the text
 * after that star one byte further on, and never goes back to an earlier star. That is exactly
 * the search order and the answers of Redis 7.0.15's recursion with its {@code skipLongerMatches}
 * cut, including its corner cases, which are kept on purpose:
 * <ul>
 *   <li>an empty string matches only the empty pattern ({@code **} does not match {@code ""});
 *       KEYS and SCAN treat a lone {@code *} as "everything" before asking the matcher;
 *   <li>bytes compare as C's signed {@code char}, so {@code [a-\xff]} is the range
 *       {@code \xff..a} (-1..97);
 *   <li>an unterminated class ends at the pattern's end; {@code [a-]} is the range {@code a..]};
 *       an escaped byte inside a class compares case-sensitively even with nocase;
 *   <li>the 1001st (collapsed) star that is not the pattern's last element, reached with text
 *       left, means no match: Redis's {@code nesting > 1000} guard.
 * </ul>
 */
public final class GlobPattern {

    /** Redis's recursion guard: a call nested deeper than this many stars fails. */
    static final int MAX_NESTED_STARS = 1000;

    private GlobPattern() {
    }

    public static boolean matches(byte[] pattern, byte[] string) {
        return matches(pattern, string, false);
    }

    /** {@code nocase}: ASCII letters compare case-insensitively (C's {@code tolower} in the "C" locale). */
    public static boolean matches(byte[] p, byte[] s, boolean nocase) {
        if (s.length == 0) {
            return p.length == 0; // Redis's loop never starts on an empty string
        }
        int pi = 0;
        int si = 0;
        int resumeP = -1; // pattern index after the last star passed, -1 before any
        int resumeS = -1; // string index the text after that star was last tried at
        int stars = 0;
        while (true) {
            // Here si < s.length: there is text left.
            if (pi < p.length && p[pi] == '*') {
                while (pi + 1 < p.length && p[pi + 1] == '*') {
                    pi++;
                }
                if (pi + 1 == p.length) {
                    return true; // a trailing star takes the rest
                }
                if (++stars > MAX_NESTED_STARS) {
                    return false;
                }
                resumeP = pi + 1;
                resumeS = si;
                pi = resumeP;
                continue;
            }
            int next = pi < p.length ? element(p, pi, s[si], nocase) : -1;
            if (next >= 0) {
                pi = next;
                si++;
                if (si < s.length) {
                    continue;
                }
                while (pi < p.length && p[pi] == '*') {
                    pi++;
                }
                if (pi == p.length) {
                    return true;
                }
            }
            // Mismatch (or text used up with pattern left): let the last star take one more byte.
            // The text after a star is never tried against an empty rest (Redis's while(stringLen)).
            if (resumeP < 0 || ++resumeS == s.length) {
                return false;
            }
            pi = resumeP;
            si = resumeS;
        }
    }

    /**
     * Matches the one non-star element at {@code p[pi]} against byte {@code c}: the index after
     * the element, or -1 when it does not match.
     */
    private static int element(byte[] p, int pi, byte c, boolean nocase) {
        switch (p[pi]) {
            case '?':
                return pi + 1;
            case '[':
                return charClass(p, pi + 1, c, nocase);
            case '\\':
                if (p.length - pi >= 2) {
                    pi++;
                }
                return same(p[pi], c, nocase) ? pi + 1 : -1;
            default:
                return same(p[pi], c, nocase) ? pi + 1 : -1;
        }
    }

    /** The class whose body starts at {@code q} (just after '['). */
    private static int charClass(byte[] p, int q, byte c, boolean nocase) {
        boolean negated = q < p.length && p[q] == '^';
        if (negated) {
            q++;
        }
        boolean found = false;
        while (true) {
            int left = p.length - q;
            if (left >= 2 && p[q] == '\\') {
                q++;
                if (p[q] == c) { // escaped: exact byte, even with nocase (as Redis)
                    found = true;
                }
            } else if (left > 0 && p[q] == ']') {
                break;
            } else if (left == 0) {
                q--; // unterminated: the class ends with the pattern
                break;
            } else if (left >= 3 && p[q + 1] == '-') {
                int start = p[q]; // signed, as C's char
                int end = p[q + 2];
                int ch = c;
                if (start > end) {
                    int t = start;
                    start = end;
                    end = t;
                }
                if (nocase) {
                    start = lower(start);
                    end = lower(end);
                    ch = lower(ch);
                }
                q += 2;
                if (ch >= start && ch <= end) {
                    found = true;
                }
            } else if (same(p[q], c, nocase)) {
                found = true;
            }
            q++;
        }
        return found != negated ? q + 1 : -1;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        return a == b || nocase && lower(a) == lower(b);
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
