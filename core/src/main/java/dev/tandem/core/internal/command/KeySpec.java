/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One of a command's key specs, as Redis 7.0 describes where a command's keys are and what it does
 * to them: a begin-search step (a fixed index, or the argument after a keyword), a find-keys step
 * (a range, or a count argument followed by that many keys) and the key flags.
 *
 * @param flags      bit set of the {@code *} flag constants below
 * @param bsIndex    begin search by index: the index; 0 when the begin search is not by index
 * @param bsKeyword  begin search by keyword: the keyword (upper case); null otherwise
 * @param bsStart    begin search by keyword: where to start looking (negative: from the end, backwards)
 * @param fkType     the find-keys step: {@link #FK_RANGE}, {@link #FK_KEYNUM} or {@link #FK_UNKNOWN}
 * @param fk1        range: lastkey; keynum: keynumidx
 * @param fk2        range: keystep; keynum: firstkey
 * @param fk3        range: limit; keynum: keystep
 */
public record KeySpec(int flags, int bsIndex, String bsKeyword, int bsStart, int fkType, int fk1, int fk2, int fk3) {

    // Key flags, in the order Redis prints them (addReplyFlagsForKeyArgs).
    public static final int RO = 1;
    public static final int RW = 1 << 1;
    public static final int OW = 1 << 2;
    public static final int RM = 1 << 3;
    public static final int ACCESS = 1 << 4;
    public static final int UPDATE = 1 << 5;
    public static final int INSERT = 1 << 6;
    public static final int DELETE = 1 << 7;
    public static final int NOT_KEY = 1 << 8;
    public static final int INCOMPLETE = 1 << 9;
    public static final int VARIABLE_FLAGS = 1 << 10;

    private static final String[] FLAG_NAMES = {
        "RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key", "incomplete", "variable_flags"};

    public static final int FK_UNKNOWN = 0;
    public static final int FK_RANGE = 1;
    public static final int FK_KEYNUM = 2;

    /** Whether the begin-search step is unknown (neither index nor keyword). */
    public boolean beginUnknown() {
        return bsIndex == 0 && bsKeyword == null;
    }

    /** Flag names as Redis prints them ({@code RO}, {@code access}, ...). */
    public static List<String> flagNames(int flags) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                names.add(FLAG_NAMES[i]);
            }
        }
        return names;
    }

    /** The bit of a flag name (any case); an unknown name is a corrupt table. */
    static int flagBit(String name) {
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if (FLAG_NAMES[i].equalsIgnoreCase(name)) {
                return 1 << i;
            }
        }
        throw new IllegalArgumentException("unknown key spec flag " + name);
    }

    /**
     * Parses {@code <FLAGS> <begin> <find>} of the key-spec table ({@code scripts/gen-key-specs.py}
     * describes the form).
     */
    static KeySpec parse(String text) {
        String[] parts = text.trim().split(" ");
        if (parts.length != 3) {
            throw new IllegalArgumentException("bad key spec: " + text);
        }
        int flags = 0;
        for (String f : parts[0].split(",")) {
            flags |= flagBit(f);
        }
        int bsIndex = 0;
        String keyword = null;
        int start = 0;
        String b = parts[1];
        if (b.startsWith("i")) {
            bsIndex = Integer.parseInt(b.substring(1));
        } else if (b.startsWith("k")) {
            int comma = b.lastIndexOf(',');
            keyword = b.substring(1, comma).toUpperCase(Locale.ROOT);
            start = Integer.parseInt(b.substring(comma + 1));
        } else if (!b.equals("?")) {
            throw new IllegalArgumentException("bad begin search: " + text);
        }
        String f = parts[2];
        int type = FK_UNKNOWN;
        int[] v = new int[3];
        if (f.startsWith("r") || f.startsWith("n")) {
            type = f.startsWith("r") ? FK_RANGE : FK_KEYNUM;
            String[] n = f.substring(1).split(",");
            for (int i = 0; i < 3; i++) {
                v[i] = Integer.parseInt(n[i]);
            }
        } else if (!f.equals("?")) {
            throw new IllegalArgumentException("bad find keys: " + text);
        }
        return new KeySpec(flags, bsIndex, keyword, start, type, v[0], v[1], v[2]);
    }
}
