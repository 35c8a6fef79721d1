/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/** RDB opcodes: the bytes 0xF4–0xFF at a position where an object type could appear. */
public final class RdbOpcodes {
    public static final int SLOT_INFO = 0xF4;
    public static final int FUNCTION2 = 0xF5;
    public static final int FUNCTION_PRE_GA = 0xF6;
    public static final int MODULE_AUX = 0xF7;
    public static final int IDLE = 0xF8;
    public static final int FREQ = 0xF9;
    public static final int AUX = 0xFA;
    public static final int RESIZEDB = 0xFB;
    public static final int EXPIRETIME_MS = 0xFC;
    public static final int EXPIRETIME = 0xFD;
    public static final int SELECTDB = 0xFE;
    public static final int EOF = 0xFF;

    /** Module value opcodes ({@code RDB_MODULE_OPCODE_*}) used inside type 7 values and MODULE_AUX. */
    public static final int MODULE_OPCODE_EOF = 0;
    public static final int MODULE_OPCODE_SINT = 1;
    public static final int MODULE_OPCODE_UINT = 2;
    public static final int MODULE_OPCODE_FLOAT = 3;
    public static final int MODULE_OPCODE_DOUBLE = 4;
    public static final int MODULE_OPCODE_STRING = 5;

    /** Newest RDB version this code knows (Redis 7.4). */
    public static final int MAX_VERSION = 12;

    private RdbOpcodes() {
    }
}
