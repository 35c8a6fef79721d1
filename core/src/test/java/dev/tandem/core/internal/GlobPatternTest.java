/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.command.GlobPattern;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobPatternTest {
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "*|anything|true", "h?llo|hello|true", "h?llo|hllo|false",
        "h*llo|heeeello|true", "h[ae]llo|hallo|true", "h[ae]llo|hillo|false",
        "h[^e]llo|hallo|true", "h[^e]llo|hello|false", "h[a-b]llo|hbllo|true",
        "h[b-a]llo|hallo|true", "h\\*llo|h*llo|true", "h\\*llo|hallo|false",
        "user:*:name|user:42:name|true", "a*b*c|axxbyyc|true", "a*b*c|axxbyy|false",
        "''|''|true", "abc|abcd|false", "abc*|abc|true", "[abc|b|true",
        // Redis's stringmatchlen never starts on an empty string: only the empty pattern
        // matches it (KEYS * and SCAN without MATCH special-case the lone star).
        "*|''|false", "**|''|false",
        "[^|x|true", "[a-]|]|true", "[a-]|-|false", "[\\]|]|true", "a\\|a\\|true",
        "*a|a|true", "*?|a|true", "?*|a|true", "a*|a|true", "a**|a|true"
    })
    void matchesLikeRedis(String pattern, String s, boolean expected) {
        assertEquals(expected, GlobPattern.matches(bytes(pattern), bytes(s)));
    }

    @Test
    void bytesCompareAsSignedChars() {
        // [a-\xff] is the range -1..97 in C (char is signed): 'b' and '\x80' (-128) are outside.
        byte[] pattern = {'[', 'a', '-', (byte) 0xff, ']'};
        assertFalse(GlobPattern.matches(pattern, new byte[] {'b'}));
        assertFalse(GlobPattern.matches(pattern, new byte[] {(byte) 0x80}));
        assertTrue(GlobPattern.matches(pattern, new byte[] {(byte) 0xff}));
        assertTrue(GlobPattern.matches(pattern, new byte[] {'A'}));
    }

    @Test
    void nocaseFoldsAsciiLettersButNotEscapesInClasses() {
        assertTrue(GlobPattern.matches(bytes("REPL-*"), bytes("repl-timeout"), true));
        assertTrue(GlobPattern.matches(bytes("[A-C]x"), bytes("bX"), true));
        assertTrue(GlobPattern.matches(bytes("[Q]"), bytes("q"), true));
        assertFalse(GlobPattern.matches(bytes("[\\Q]"), bytes("q"), true));
        assertFalse(GlobPattern.matches(bytes("REPL-*"), bytes("repl-timeout"), false));
    }

    @Test
    void theThousandAndFirstStarFailsAsInRedis() {
        StringBuilder p = new StringBuilder();
        p.append("a*".repeat(1001)).append('a');
        assertFalse(GlobPattern.matches(bytes(p.toString()), bytes("a".repeat(1500))));
        StringBuilder ok = new StringBuilder();
        ok.append("a*".repeat(1000)).append('a');
        assertTrue(GlobPattern.matches(bytes(ok.toString()), bytes("a".repeat(1500))));
        // A trailing 1001st star is the pattern's end, not a nesting: it matches.
        assertTrue(GlobPattern.matches(bytes("a*".repeat(1001)), bytes("a".repeat(1500))));
    }

    /** CVE-2022-36021: the recursive matcher took exponential time on this pattern. */
    @Test
    void abusivePatternsAnswerAtOnce() {
        byte[] pattern = bytes("a*".repeat(20) + "b");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertFalse(GlobPattern.matches(pattern, bytes("a".repeat(40))));
            assertFalse(GlobPattern.matches(pattern, bytes("a".repeat(10_000))));
            assertTrue(GlobPattern.matches(pattern, bytes("a".repeat(10_000) + "b")));
            assertFalse(GlobPattern.matches(bytes("*?".repeat(500) + "b"), bytes("a".repeat(10_000))));
        });
    }

    /** The linear matcher against a plain recursive reading of Redis's algorithm, on small inputs. */
    @Test
    void agreesWithTheRecursiveDefinition() {
        Random random = new Random(15);
        byte[] alphabet = {'a', 'b', 'A', '*', '?', '[', ']', '^', '-', '\\', (byte) 0xff, (byte) 0x80};
        for (int i = 0; i < 300_000; i++) {
            byte[] p = randomBytes(random, alphabet, random.nextInt(9));
            byte[] s = randomBytes(random, alphabet, random.nextInt(8));
            boolean nocase = random.nextBoolean();
            assertEquals(Reference.matches(p, s, nocase), GlobPattern.matches(p, s, nocase),
                    () -> "pattern " + show(p) + " string " + show(s) + " nocase " + nocase);
        }
    }

    private static byte[] randomBytes(Random random, byte[] alphabet, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return b;
    }

    private static String show(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            sb.append(x >= 32 && x < 127 ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
        }
        return sb.append('"').toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The definition, written as a backtracking recursion over every split a star could take
     * (exponential, fine for 8 bytes): what the linear matcher must agree with. A C string's
     * terminating NUL is modelled by {@link #at} returning 0 past the end.
     */
    private static final class Reference {
        static boolean matches(byte[] p, byte[] s, boolean nocase) {
            return s.length == 0 ? p.length == 0 : match(p, 0, s, 0, nocase, 0);
        }

        private static int at(byte[] p, int i) {
            return i < p.length ? p[i] : 0;
        }

        private static int low(int c) {
            return c >= 'A' && c <= 'Z' ? c + 32 : c;
        }

        private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, int depth) {
            if (depth > 1000) {
                return false;
            }
            while (pi < p.length && si < s.length) {
                int c = s[si];
                if (p[pi] == '*') {
                    while (at(p, pi + 1) == '*') {
                        pi++;
                    }
                    if (pi == p.length - 1) {
                        return true;
                    }
                    for (int k = si; k < s.length; k++) {
                        if (match(p, pi + 1, s, k, nocase, depth + 1)) {
                            return true;
                        }
                    }
                    return false;
                } else if (p[pi] == '?') {
                    si++;
                } else if (p[pi] == '[') {
                    pi++;
                    boolean not = at(p, pi) == '^';
                    if (not) {
                        pi++;
                    }
                    boolean hit = false;
                    for (;;) {
                        int rest = p.length - pi;
                        if (at(p, pi) == '\\' && rest >= 2) {
                            pi++;
                            hit |= p[pi] == c;
                        } else if (at(p, pi) == ']') {
                            break;
                        } else if (rest == 0) {
                            pi--;
                            break;
                        } else if (rest >= 3 && p[pi + 1] == '-') {
                            int lo = Math.min(p[pi], p[pi + 2]);
                            int hi = Math.max(p[pi], p[pi + 2]);
                            int x = c;
                            if (nocase) {
                                lo = low(lo);
                                hi = low(hi);
                                x = low(x);
                            }
                            hit |= x >= lo && x <= hi;
                            pi += 2;
                        } else {
                            hit |= nocase ? low(p[pi]) == low(c) : p[pi] == c;
                        }
                        pi++;
                    }
                    if (hit == not) {
                        return false;
                    }
                    si++;
                } else {
                    if (p[pi] == '\\' && p.length - pi >= 2) {
                        pi++;
                    }
                    if (nocase ? low(p[pi]) != low(c) : p[pi] != c) {
                        return false;
                    }
                    si++;
                }
                pi++;
                if (si == s.length) {
                    while (at(p, pi) == '*') {
                        pi++;
                    }
                    break;
                }
            }
            return pi == p.length && si == s.length;
        }
    }
}
