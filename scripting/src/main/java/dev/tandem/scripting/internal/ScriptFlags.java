/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

import dev.tandem.core.internal.RedisError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A script's declared flags: the {@code #!lua flags=...} shebang of EVAL scripts and the
 * {@code flags} of {@code redis.register_function} (Redis 7.0's script.c scripts_flags_def).
 * A script without a shebang runs in compatibility mode: it may write, and its writes are checked
 * one by one as they happen.
 */
public record ScriptFlags(boolean compat, boolean noWrites, boolean allowOom, boolean allowStale,
                          boolean noCluster, boolean allowCrossSlot, int shebangLength) {

    static final ScriptFlags COMPAT = new ScriptFlags(true, false, false, false, false, false, 0);
    static final ScriptFlags NONE = new ScriptFlags(false, false, false, false, false, false, 0);

    /** Parses the shebang of {@code body}, or throws the error Redis replies with. */
    static ScriptFlags ofEvalBody(byte[] body) {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') {
            return COMPAT;
        }
        int end = -1;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new RedisError("ERR Invalid script shebang");
        }
        String line = new String(body, 0, end, StandardCharsets.ISO_8859_1);
        String[] parts = line.trim().split("[ \t\r]+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            throw new RedisError("ERR Invalid engine in script shebang");
        }
        if (!parts[0].equals("#!lua")) {
            throw new RedisError("ERR Unexpected engine in script shebang: " + parts[0]);
        }
        ScriptFlags flags = NONE;
        for (int j = 1; j < parts.length; j++) {
            if (parts[j].startsWith("flags=")) {
                String list = parts[j].substring(6);
                List<String> names = new ArrayList<>();
                // sdssplitlen of an empty string yields no element: "flags=" declares none
                if (!list.isEmpty()) {
                    for (String f : list.split(",", -1)) {
                        names.add(f);
                    }
                }
                flags = flags.with(names, "Unexpected flag in script shebang: ");
            } else {
                throw new RedisError("ERR Unknown lua shebang option: " + parts[j]);
            }
        }
        return new ScriptFlags(false, flags.noWrites, flags.allowOom, flags.allowStale, flags.noCluster,
                flags.allowCrossSlot, end);
    }

    /** These flags plus {@code names}; an unknown name throws {@code prefix + name}. */
    ScriptFlags with(List<String> names, String prefix) {
        boolean nw = noWrites;
        boolean oom = allowOom;
        boolean stale = allowStale;
        boolean nc = noCluster;
        boolean cross = allowCrossSlot;
        for (String f : names) {
            switch (f) {
                case "no-writes" -> nw = true;
                case "allow-oom" -> oom = true;
                case "allow-stale" -> stale = true;
                case "no-cluster" -> nc = true;
                case "allow-cross-slot-keys" -> cross = true;
                default -> throw new RedisError("ERR " + prefix + f);
            }
        }
        return new ScriptFlags(compat, nw, oom, stale, nc, cross, shebangLength);
    }

    /** The names, as FUNCTION LIST shows them. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        if (noWrites) {
            out.add("no-writes");
        }
        if (allowOom) {
            out.add("allow-oom");
        }
        if (allowStale) {
            out.add("allow-stale");
        }
        if (noCluster) {
            out.add("no-cluster");
        }
        if (allowCrossSlot) {
            out.add("allow-cross-slot-keys");
        }
        return out;
    }
}
