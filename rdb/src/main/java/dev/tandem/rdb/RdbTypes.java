/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/**
 * RDB object type ids (the byte before a key) and their data types. See
 * {@code rdb-format.md} §4 for each layout.
 */
public final class RdbTypes {
    public static final int STRING = 0;
    public static final int LIST = 1;
    public static final int SET = 2;
    public static final int ZSET = 3;
    public static final int HASH = 4;
    public static final int ZSET_2 = 5;
    public static final int MODULE_PRE_GA = 6;
    public static final int MODULE_2 = 7;
    public static final int HASH_ZIPMAP = 9;
    public static final int LIST_ZIPLIST = 10;
    public static final int SET_INTSET = 11;
    public static final int ZSET_ZIPLIST = 12;
    public static final int HASH_ZIPLIST = 13;
    public static final int LIST_QUICKLIST = 14;
    public static final int STREAM_LISTPACKS = 15;
    public static final int HASH_LISTPACK = 16;
    public static final int ZSET_LISTPACK = 17;
    public static final int LIST_QUICKLIST_2 = 18;
    public static final int STREAM_LISTPACKS_2 = 19;
    public static final int SET_LISTPACK = 20;
    public static final int STREAM_LISTPACKS_3 = 21;
    public static final int HASH_METADATA_PRE_GA = 22;
    public static final int HASH_LISTPACK_EX_PRE_GA = 23;
    public static final int HASH_METADATA = 24;
    public static final int HASH_LISTPACK_EX = 25;

    private static final String[] NAMES = {
        "STRING", "LIST", "SET", "ZSET", "HASH", "ZSET_2", "MODULE", "MODULE_2", null,
        "HASH_ZIPMAP", "LIST_ZIPLIST", "SET_INTSET", "ZSET_ZIPLIST", "HASH_ZIPLIST",
        "LIST_QUICKLIST", "STREAM_LISTPACKS", "HASH_LISTPACK", "ZSET_LISTPACK",
        "LIST_QUICKLIST_2", "STREAM_LISTPACKS_2", "SET_LISTPACK", "STREAM_LISTPACKS_3",
        "HASH_METADATA_PRE_GA", "HASH_LISTPACK_EX_PRE_GA", "HASH_METADATA", "HASH_LISTPACK_EX",
    };

    private RdbTypes() {
    }

    /** Whether {@code type} is an object type id (0–7, 9–25), as {@code rdbIsObjectType}. */
    public static boolean isObjectType(int type) {
        return type >= 0 && type < NAMES.length && NAMES[type] != null;
    }

    /** The Redis name of a type id, e.g. {@code LIST_QUICKLIST_2}. */
    public static String name(int type) {
        return isObjectType(type) ? NAMES[type] : "UNKNOWN(" + type + ")";
    }

    /** The data type stored by a type id. */
    public static ValueKind kindOf(int type) {
        switch (type) {
            case STRING:
                return ValueKind.STRING;
            case LIST:
            case LIST_ZIPLIST:
            case LIST_QUICKLIST:
            case LIST_QUICKLIST_2:
                return ValueKind.LIST;
            case SET:
            case SET_INTSET:
            case SET_LISTPACK:
                return ValueKind.SET;
            case ZSET:
            case ZSET_2:
            case ZSET_ZIPLIST:
            case ZSET_LISTPACK:
                return ValueKind.ZSET;
            case HASH:
            case HASH_ZIPMAP:
            case HASH_ZIPLIST:
            case HASH_LISTPACK:
            case HASH_METADATA_PRE_GA:
            case HASH_LISTPACK_EX_PRE_GA:
            case HASH_METADATA:
            case HASH_LISTPACK_EX:
                return ValueKind.HASH;
            case STREAM_LISTPACKS:
            case STREAM_LISTPACKS_2:
            case STREAM_LISTPACKS_3:
                return ValueKind.STREAM;
            case MODULE_PRE_GA:
            case MODULE_2:
                return ValueKind.MODULE;
            default:
                throw new IllegalArgumentException("unknown RDB type " + type);
        }
    }
}
