/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

/**
 * The classes of {@code notify-keyspace-events}, with Redis 7.0's bit values (server.h
 * NOTIFY_*), its parsing of the flag string and its CONFIG GET rendering (notify.c).
 */
public final class NotifyFlags {
    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 13;
    public static final int NEW = 1 << 14;
    /** {@code A}: every class but key-miss and new, which Redis leaves out of the alias. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED
            | STREAM | MODULE;

    /** Redis's CONFIG SET error for a character that names no class. */
    public static final String INVALID = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

    private NotifyFlags() {
    }

    /** The flags a string names, or -1 when a character names no class (keyspaceEventsStringToFlags). */
    public static int parse(String classes) {
        int flags = 0;
        for (int i = 0; i < classes.length(); i++) {
            switch (classes.charAt(i)) {
                case 'A' -> flags |= ALL;
                case 'g' -> flags |= GENERIC;
                case '$' -> flags |= STRING;
                case 'l' -> flags |= LIST;
                case 's' -> flags |= SET;
                case 'h' -> flags |= HASH;
                case 'z' -> flags |= ZSET;
                case 'x' -> flags |= EXPIRED;
                case 'e' -> flags |= EVICTED;
                case 'K' -> flags |= KEYSPACE;
                case 'E' -> flags |= KEYEVENT;
                case 't' -> flags |= STREAM;
                case 'm' -> flags |= KEY_MISS;
                case 'd' -> flags |= MODULE;
                case 'n' -> flags |= NEW;
                default -> {
                    return -1;
                }
            }
        }
        return flags;
    }

    /**
     * CONFIG GET's rendering (keyspaceEventsFlagsToString): {@code A} when every class of the
     * alias is on, else the classes in Redis's order; then K, E and m — so {@code KEA} reads
     * back as {@code AKE}.
     */
    public static String render(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & ALL) == ALL) {
            sb.append('A');
        } else {
            append(sb, flags, GENERIC, 'g');
            append(sb, flags, STRING, '$');
            append(sb, flags, LIST, 'l');
            append(sb, flags, SET, 's');
            append(sb, flags, HASH, 'h');
            append(sb, flags, ZSET, 'z');
            append(sb, flags, EXPIRED, 'x');
            append(sb, flags, EVICTED, 'e');
            append(sb, flags, STREAM, 't');
            append(sb, flags, MODULE, 'd');
            append(sb, flags, NEW, 'n');
        }
        append(sb, flags, KEYSPACE, 'K');
        append(sb, flags, KEYEVENT, 'E');
        append(sb, flags, KEY_MISS, 'm');
        return sb.toString();
    }

    private static void append(StringBuilder sb, int flags, int flag, char c) {
        if ((flags & flag) != 0) {
            sb.append(c);
        }
    }
}
