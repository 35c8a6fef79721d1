/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.util.HexFormat;

/** Hex text with optional spaces to bytes, for vectors copied from the reference. */
final class Hex {
    private Hex() {
    }

    static byte[] decode(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("[\\s|]", ""));
    }
}
