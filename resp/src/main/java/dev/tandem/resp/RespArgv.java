/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.util.List;

/** Turns a decoded frame into a command's argument vector. */
public final class RespArgv {

    private RespArgv() {
    }

    /**
     * The arguments of a command frame: an array whose elements are all bulk strings (what Redis
     * accepts as a request). Each argument is a fresh copy owned by the caller.
     *
     * @throws IllegalArgumentException if {@code frame} is not an array of bulk strings
     */
    public static byte[][] of(RespFrame frame) {
        if (!(frame instanceof RespArray array)) {
            throw new IllegalArgumentException("a command must be an array of bulk strings, got " + frame.type());
        }
        List<RespFrame> elements = array.elements();
        byte[][] argv = new byte[elements.size()][];
        for (int i = 0; i < argv.length; i++) {
            RespFrame element = elements.get(i);
            if (!(element instanceof RespBulkString bulk)) {
                throw new IllegalArgumentException("command argument " + i + " must be a bulk string, got " + element.type());
            }
            argv[i] = bulk.toByteArray();
        }
        return argv;
    }

    /** {@link #of(RespFrame)} wrapped as a hand-built {@link RespCommand} (wireLength -1). */
    public static RespCommand toCommand(RespFrame frame) {
        return new RespCommand(of(frame), -1, false);
    }
}
