/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/**
 * A module type id ({@code moduleTypeEncodeId}): 9 characters of the type name, 6 bits each
 * from {@code A–Z a–z 0–9 - _}, followed by a 10-bit encoding version. Kept as the raw
 * unsigned 64-bit value.
 */
public record RdbModuleId(long id) {
    private static final String CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** The 9-character module type name, e.g. {@code "ReJSON-RL"}. */
    public String typeName() {
        char[] name = new char[9];
        for (int i = 0; i < 9; i++) {
            name[i] = CHARSET.charAt((int) ((id >>> (58 - 6 * i)) & 63));
        }
        return new String(name);
    }

    /** The module's encoding version (low 10 bits). */
    public int encodingVersion() {
        return (int) (id & 1023);
    }

    /** Encodes a 9-character name and version into an id; for building test vectors. */
    public static RdbModuleId of(String typeName, int encodingVersion) {
        if (typeName.length() != 9 || encodingVersion < 0 || encodingVersion > 1023) {
            throw new IllegalArgumentException("module type names have 9 characters and versions 0..1023");
        }
        long id = 0;
        for (int i = 0; i < 9; i++) {
            int c = CHARSET.indexOf(typeName.charAt(i));
            if (c < 0) {
                throw new IllegalArgumentException("invalid module type name character " + typeName.charAt(i));
            }
            id = (id << 6) | c;
        }
        return new RdbModuleId((id << 10) | encodingVersion);
    }

    @Override
    public String toString() {
        return typeName() + "/v" + encodingVersion() + " (id " + Long.toUnsignedString(id) + ")";
    }
}
