/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis 7.0's key specs of every command that has keys, by full name ({@code xgroup|create} for a
 * subcommand), read from {@code keyspecs.txt}. The table is generated from a real redis-server's
 * {@code COMMAND INFO} by {@code scripts/gen-key-specs.py}, so it is Redis's own description and
 * not a hand-typed copy that could drift; a command Tandem lacks simply goes unused.
 */
public final class KeySpecTable {

    /** One command's entry: its specs and the two command flags that concern keys. */
    public record Entry(List<KeySpec> specs, boolean movableKeys, boolean noMandatoryKeys) {
    }

    private static final Entry NONE = new Entry(List.of(), false, false);
    private static final KeySpecTable INSTANCE = load();

    private final Map<String, Entry> byName;

    private KeySpecTable(Map<String, Entry> byName) {
        this.byName = byName;
    }

    public static KeySpecTable get() {
        return INSTANCE;
    }

    /** The entry of {@code fullName} (lower case), an empty one for a command without keys. */
    public Entry entry(String fullName) {
        return byName.getOrDefault(fullName, NONE);
    }

    private static KeySpecTable load() {
        Map<String, Entry> map = new HashMap<>();
        try (InputStream in = KeySpecTable.class.getResourceAsStream("keyspecs.txt")) {
            if (in == null) {
                throw new IllegalStateException("keyspecs.txt missing from the command package");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" \\| ");
                String[] head = parts[0].trim().split(" ");
                List<KeySpec> specs = new ArrayList<>();
                for (int i = 1; i < parts.length; i++) {
                    specs.add(KeySpec.parse(parts[i]));
                }
                boolean movable = false;
                boolean noMandatory = false;
                for (int i = 1; i < head.length; i++) {
                    movable |= head[i].equals("movablekeys");
                    noMandatory |= head[i].equals("nomandatorykeys");
                }
                map.put(head[0], new Entry(Collections.unmodifiableList(specs), movable, noMandatory));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KeySpecTable(Collections.unmodifiableMap(map));
    }
}
