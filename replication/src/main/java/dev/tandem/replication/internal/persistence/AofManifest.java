/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Redis 7.0's AOF manifest ({@code <appendfilename>.manifest}): one line per file,
 * {@code file <name> seq <n> type <b|h|i>}, the base first, then history files, then the
 * incremental files in sequence order (Redis's {@code getAofManifestAsString}). Immutable: a
 * change makes a new manifest, written to a temp file and renamed over the old one.
 */
record AofManifest(Optional<Entry> base, List<Entry> history, List<Entry> incrs) {

    /** Redis's {@code AOF_FILE_TYPE_BASE/HIST/INCR}. */
    enum Type {
        BASE('b'), HISTORY('h'), INCR('i');

        final char letter;

        Type(char letter) {
            this.letter = letter;
        }

        static Type of(String s) {
            for (Type t : values()) {
                if (s.length() == 1 && s.charAt(0) == t.letter) {
                    return t;
                }
            }
            return null;
        }
    }

    record Entry(String name, long seq, Type type) {
        Entry {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Why a manifest could not be read: Redis's words, the start refuses. */
    static final class ManifestException extends RuntimeException {
        ManifestException(String message) {
            super(message);
        }
    }

    AofManifest {
        history = List.copyOf(history);
        incrs = List.copyOf(incrs);
    }

    /** The text Redis writes, byte for byte (names without spaces are written bare). */
    String format() {
        StringBuilder out = new StringBuilder();
        base.ifPresent(e -> line(out, e));
        history.forEach(e -> line(out, e));
        incrs.forEach(e -> line(out, e));
        return out.toString();
    }

    private static void line(StringBuilder out, Entry e) {
        out.append("file ").append(e.name()).append(" seq ").append(e.seq()).append(" type ")
                .append(e.type().letter).append('\n');
    }

    /** The highest incremental sequence number, 0 without one. */
    long lastIncrSeq() {
        return incrs.isEmpty() ? 0 : incrs.get(incrs.size() - 1).seq();
    }

    /**
     * Reads a manifest as Redis's {@code aofLoadManifestFromFile}: {@code #} lines are comments,
     * each other line is key/value pairs in any order with {@code file}, {@code seq} and
     * {@code type} required; one base at most; incremental sequence numbers rising.
     */
    static AofManifest parse(String text) {
        Entry base = null;
        List<Entry> history = new ArrayList<>();
        List<Entry> incrs = new ArrayList<>();
        long lastIncr = 0;
        for (String raw : text.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.trim().split("\\s+");
            if (words.length % 2 != 0) {
                throw new ManifestException("Invalid AOF manifest file format");
            }
            String name = null;
            Long seq = null;
            Type type = null;
            for (int i = 0; i < words.length; i += 2) {
                switch (words[i]) {
                    case "file" -> name = words[i + 1];
                    case "seq" -> {
                        try {
                            seq = Long.parseLong(words[i + 1]);
                        } catch (NumberFormatException e) {
                            throw new ManifestException("Invalid AOF manifest file format");
                        }
                    }
                    case "type" -> type = Type.of(words[i + 1]);
                    default -> {
                        // Redis skips keys it does not know (room for later versions' fields).
                    }
                }
            }
            if (name == null || seq == null || type == null) {
                throw new ManifestException("Invalid AOF manifest file format");
            }
            if (name.indexOf('/') >= 0) {
                // Files live in the AOF directory; a path could make the node read anything.
                throw new ManifestException("File can't be a path, just a filename");
            }
            Entry e = new Entry(name, seq, type);
            switch (type) {
                case BASE -> {
                    if (base != null) {
                        throw new ManifestException("Found duplicate base file information");
                    }
                    base = e;
                }
                case HISTORY -> history.add(e);
                case INCR -> {
                    if (seq <= lastIncr) {
                        throw new ManifestException("Found a non-monotonic sequence number");
                    }
                    lastIncr = seq;
                    incrs.add(e);
                }
            }
        }
        return new AofManifest(Optional.ofNullable(base), history, incrs);
    }
}
