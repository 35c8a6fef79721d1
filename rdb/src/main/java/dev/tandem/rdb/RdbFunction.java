/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/**
 * A function library stored in the RDB.
 *
 * @param code        the library source; for FUNCTION2 (0xF5) it starts with
 *                    {@code #!<engine> name=<lib>}
 * @param name        the library name, only for FUNCTION_PRE_GA (0xF6), else null
 * @param engine      the engine name, only for FUNCTION_PRE_GA, else null
 * @param description the optional description, only for FUNCTION_PRE_GA, else null
 * @param preGa       whether this came from the 7.0 release-candidate opcode 0xF6
 */
public record RdbFunction(byte[] code, byte[] name, byte[] engine, byte[] description, boolean preGa) {
    /** A FUNCTION2 library. */
    public static RdbFunction of(byte[] code) {
        return new RdbFunction(code, null, null, null, false);
    }
}
