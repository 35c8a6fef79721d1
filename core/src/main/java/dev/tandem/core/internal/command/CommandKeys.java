/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which arguments of a command are keys, and with which key-spec flags: Redis 7.0's
 * {@code getKeysFromCommandWithSpecs}. The key specs are used when they describe the call
 * completely; otherwise (a spec that is unknown, incomplete or has variable flags, or a count
 * argument that does not parse) the command's own procedure decides, as Redis's
 * {@code getkeys_proc}s do (SORT's STORE, MIGRATE's KEYS, the numkeys commands, SET's GET...).
 * Used by {@code COMMAND GETKEYS(ANDFLAGS)} and by ACL key checks.
 */
public final class CommandKeys {

    /** A key argument: its index in argv and its key-spec flags ({@link KeySpec} bits). */
    public record KeyRef(int pos, int flags) {
    }

    private CommandKeys() {
    }

    /**
     * Whether {@code fullName} (lower case, {@code parent|sub} for a subcommand) has keys at all:
     * a key-finding procedure, or a key spec that is not {@code not_key}; Redis's
     * {@code doesCommandHaveKeys}.
     */
    public static boolean hasKeys(String fullName) {
        if (hasProc(fullName)) {
            return true;
        }
        for (KeySpec s : KeySpecTable.get().entry(fullName).specs()) {
            if ((s.flags() & KeySpec.NOT_KEY) == 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether a call without keys is valid for {@code fullName} (EVAL with 0 keys...). */
    public static boolean noMandatoryKeys(String fullName) {
        return KeySpecTable.get().entry(fullName).noMandatoryKeys();
    }

    /** The keys of {@code argv} (argv[0] the command name) for command {@code fullName}. */
    public static List<KeyRef> keys(String fullName, byte[][] argv) {
        List<KeySpec> specs = KeySpecTable.get().entry(fullName).specs();
        boolean hasKeySpec = false;
        boolean variableFlags = false;
        for (KeySpec s : specs) {
            hasKeySpec |= (s.flags() & KeySpec.NOT_KEY) == 0;
            variableFlags |= (s.flags() & KeySpec.VARIABLE_FLAGS) != 0;
        }
        if (hasKeySpec && !variableFlags) {
            List<KeyRef> keys = fromSpecs(specs, argv);
            if (keys != null) {
                return keys;
            }
        }
        return fromProc(fullName, argv);
    }

    /** Redis's getKeysUsingKeySpecs without partial results: null when a spec cannot be followed. */
    static List<KeyRef> fromSpecs(List<KeySpec> specs, byte[][] argv) {
        int argc = argv.length;
        List<KeyRef> keys = new ArrayList<>();
        for (KeySpec spec : specs) {
            if ((spec.flags() & KeySpec.NOT_KEY) != 0) {
                continue;
            }
            int first = 0;
            if (spec.bsIndex() > 0) {
                first = spec.bsIndex();
            } else if (spec.bsKeyword() != null) {
                // As Redis: forwards from startfrom to before the last argument, or backwards from
                // argc+startfrom down to (not including) 1.
                int start = spec.bsStart() > 0 ? spec.bsStart() : argc + spec.bsStart();
                int end = spec.bsStart() > 0 ? argc - 1 : 1;
                for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                    if (i >= argc || i < 1) {
                        break;
                    }
                    if (equalsIgnoreCase(argv[i], spec.bsKeyword())) {
                        first = i + 1;
                        break;
                    }
                }
                if (first == 0) {
                    continue; // keyword absent: this spec names no key
                }
            } else {
                return null;
            }
            int last;
            int step;
            if (spec.fkType() == KeySpec.FK_RANGE) {
                step = spec.fk2();
                if (spec.fk1() >= 0) {
                    last = first + spec.fk1();
                } else if (spec.fk3() == 0) {
                    last = argc + spec.fk1();
                } else {
                    last = first + ((argc - first) / spec.fk3() + spec.fk1());
                }
            } else if (spec.fkType() == KeySpec.FK_KEYNUM) {
                step = spec.fk3();
                if (spec.fk1() >= argc - first) {
                    continue; // the count is missing: the command reports the syntax error
                }
                Long numkeys = parseLong(argv[first + spec.fk1()]);
                if (numkeys == null || numkeys < 0) {
                    return null;
                }
                first += spec.fk2();
                long l = first + numkeys - 1;
                if (l >= argc) {
                    return null;
                }
                last = (int) l;
            } else {
                return null;
            }
            if (last >= argc || last < first || first >= argc) {
                return null;
            }
            for (int i = first; i <= last; i += Math.max(1, step)) {
                keys.add(new KeyRef(i, spec.flags()));
            }
            if ((spec.flags() & KeySpec.INCOMPLETE) != 0) {
                return null;
            }
        }
        return keys;
    }

    private static boolean hasProc(String name) {
        return switch (name) {
            case "set", "bitfield", "sort", "sort_ro", "migrate", "eval", "evalsha", "eval_ro", "evalsha_ro",
                 "fcall", "fcall_ro", "sintercard", "zunion", "zinter", "zdiff", "zintercard", "zunionstore",
                 "zinterstore", "zdiffstore", "lmpop", "zmpop", "blmpop", "bzmpop", "georadius",
                 "georadiusbymember", "xread", "xreadgroup" -> true;
            default -> false;
        };
    }

    /** Redis's per-command getkeys procedures (db.c), for what the specs cannot say. */
    static List<KeyRef> fromProc(String name, byte[][] argv) {
        return switch (name) {
            case "set" -> List.of(new KeyRef(1, hasWord(argv, 3, "get")
                    ? KeySpec.RW | KeySpec.ACCESS | KeySpec.UPDATE : KeySpec.OW | KeySpec.UPDATE));
            case "bitfield" -> List.of(new KeyRef(1, bitfieldReadOnly(argv)
                    ? KeySpec.RO | KeySpec.ACCESS : KeySpec.RW | KeySpec.ACCESS | KeySpec.UPDATE));
            case "sort" -> sortKeys(argv, true);
            case "sort_ro" -> sortKeys(argv, false);
            case "migrate" -> migrateKeys(argv);
            case "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro", "blmpop", "bzmpop" ->
                    numKeys(argv, 0, 2, 3);
            case "sintercard", "zunion", "zinter", "zdiff", "zintercard", "lmpop", "zmpop" -> numKeys(argv, 0, 1, 2);
            case "zunionstore", "zinterstore", "zdiffstore" -> numKeys(argv, 1, 2, 3);
            case "georadius", "georadiusbymember" -> georadiusKeys(argv);
            case "xread", "xreadgroup" -> xreadKeys(argv);
            default -> List.of();
        };
    }

    /**
     * Redis's genericGetKeys: the count at {@code countAt} read as C's atoi (so "2x" is 2), keys from
     * {@code firstAt}, and the store key (if any) last; flags are unknown (0) on this path.
     */
    private static List<KeyRef> numKeys(byte[][] argv, int storeAt, int countAt, int firstAt) {
        if (countAt >= argv.length) {
            return List.of();
        }
        long num = atoi(argv[countAt]);
        if (num < 1 || num > argv.length - firstAt) {
            return List.of();
        }
        List<KeyRef> keys = new ArrayList<>();
        for (int i = 0; i < num; i++) {
            keys.add(new KeyRef(firstAt + i, 0));
        }
        if (storeAt > 0) {
            keys.add(new KeyRef(storeAt, 0));
        }
        return keys;
    }

    private static List<KeyRef> sortKeys(byte[][] argv, boolean store) {
        List<KeyRef> keys = new ArrayList<>();
        keys.add(new KeyRef(1, KeySpec.RO | KeySpec.ACCESS));
        if (!store) {
            return keys;
        }
        int storeAt = -1;
        for (int i = 2; i < argv.length; i++) {
            // Options are taken to have no argument unless known; the last STORE wins, as SORT.
            if (equalsIgnoreCase(argv[i], "LIMIT")) {
                i += 2;
            } else if (equalsIgnoreCase(argv[i], "GET") || equalsIgnoreCase(argv[i], "BY")) {
                i += 1;
            } else if (equalsIgnoreCase(argv[i], "STORE") && i + 1 < argv.length) {
                storeAt = i + 1;
            }
        }
        if (storeAt > 0) {
            keys.add(new KeyRef(storeAt, KeySpec.OW | KeySpec.UPDATE));
        }
        return keys;
    }

    private static List<KeyRef> migrateKeys(byte[][] argv) {
        int first = 3;
        int num = 1;
        if (argv.length > 6) {
            for (int i = 6; i < argv.length; i++) {
                if (equalsIgnoreCase(argv[i], "KEYS")) {
                    if (argv[3].length > 0) {
                        return List.of(); // Redis: "Cannot use MIGRATE KEYS option with a non empty key argument"
                    }
                    first = i + 1;
                    num = argv.length - first;
                    break;
                }
                if (equalsIgnoreCase(argv[i], "AUTH")) {
                    i += 1;
                } else if (equalsIgnoreCase(argv[i], "AUTH2")) {
                    i += 2;
                }
            }
        }
        List<KeyRef> keys = new ArrayList<>();
        for (int i = 0; i < num; i++) {
            keys.add(new KeyRef(first + i, KeySpec.RW | KeySpec.ACCESS | KeySpec.DELETE));
        }
        return keys;
    }

    private static List<KeyRef> georadiusKeys(byte[][] argv) {
        int stored = -1;
        for (int i = 5; i < argv.length; i++) {
            if ((equalsIgnoreCase(argv[i], "STORE") || equalsIgnoreCase(argv[i], "STOREDIST")) && i + 1 < argv.length) {
                stored = i + 1;
                i++;
            }
        }
        List<KeyRef> keys = new ArrayList<>();
        keys.add(new KeyRef(1, KeySpec.RO | KeySpec.ACCESS));
        if (stored > 0) {
            keys.add(new KeyRef(stored, KeySpec.OW | KeySpec.UPDATE));
        }
        return keys;
    }

    private static List<KeyRef> xreadKeys(byte[][] argv) {
        int streams = -1;
        for (int i = 1; i < argv.length; i++) {
            if (equalsIgnoreCase(argv[i], "BLOCK") || equalsIgnoreCase(argv[i], "COUNT")) {
                i++;
            } else if (equalsIgnoreCase(argv[i], "GROUP")) {
                i += 2;
            } else if (equalsIgnoreCase(argv[i], "NOACK")) {
                continue;
            } else if (equalsIgnoreCase(argv[i], "STREAMS")) {
                streams = i;
                break;
            } else {
                break;
            }
        }
        int num = argv.length - streams - 1;
        if (streams == -1 || num == 0 || num % 2 != 0) {
            return List.of();
        }
        List<KeyRef> keys = new ArrayList<>();
        for (int i = streams + 1; i < argv.length - num / 2; i++) {
            keys.add(new KeyRef(i, KeySpec.RO | KeySpec.ACCESS));
        }
        return keys;
    }

    private static boolean bitfieldReadOnly(byte[][] argv) {
        for (int i = 2; i < argv.length; i++) {
            int rest = argv.length - i - 1;
            if (equalsIgnoreCase(argv[i], "GET") && rest >= 2) {
                i += 2;
            } else if ((equalsIgnoreCase(argv[i], "SET") || equalsIgnoreCase(argv[i], "INCRBY")) && rest >= 3) {
                return false;
            } else if (equalsIgnoreCase(argv[i], "OVERFLOW") && rest >= 1) {
                i += 1;
            } else {
                return false; // a syntax error: safer taken as a write, as Redis
            }
        }
        return true;
    }

    private static boolean hasWord(byte[][] argv, int from, String word) {
        for (int i = from; i < argv.length; i++) {
            if (equalsIgnoreCase(argv[i], word)) {
                return true;
            }
        }
        return false;
    }

    static boolean equalsIgnoreCase(byte[] arg, String word) {
        if (arg.length != word.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int c = arg[i] & 0xff;
            int w = word.charAt(i);
            if (c != w && Character.toLowerCase(c) != Character.toLowerCase(w)) {
                return false;
            }
        }
        return true;
    }

    /** Redis's string2ll: the whole argument a decimal long, else null. */
    private static Long parseLong(byte[] arg) {
        String s = new String(arg, StandardCharsets.ISO_8859_1);
        if (s.isEmpty() || s.length() > 20 || s.startsWith("+") || (s.length() > 1 && s.charAt(0) == '0')
                || s.startsWith("-0")) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** C's atoi: optional spaces and sign, then digits up to the first non-digit; 0 without any. */
    private static long atoi(byte[] arg) {
        int i = 0;
        while (i < arg.length && (arg[i] == ' ' || (arg[i] >= '\t' && arg[i] <= '\r'))) {
            i++;
        }
        boolean negative = false;
        if (i < arg.length && (arg[i] == '-' || arg[i] == '+')) {
            negative = arg[i] == '-';
            i++;
        }
        long v = 0;
        for (; i < arg.length && arg[i] >= '0' && arg[i] <= '9' && v < Integer.MAX_VALUE; i++) {
            v = v * 10 + (arg[i] - '0');
        }
        return negative ? -v : v;
    }
}
