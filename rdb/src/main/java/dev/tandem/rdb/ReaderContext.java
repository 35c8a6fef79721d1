/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import dev.tandem.rdb.internal.codec.MalformedDataException;

/** What the value decoders share with the reader: input, sink, limits, warning counter. */
final class ReaderContext {
    /** Receives warnings; the reader counts them and forwards them to the visitor. */
    interface WarningSink {
        void warn(RdbWarning.Kind kind, String message, long offset);
    }

    final RdbInput input;
    final RdbVisitor visitor;
    final RdbReaderConfig config;
    final WarningSink warnings;
    final KeyEmitter emitter;

    ReaderContext(RdbInput input, RdbVisitor visitor, RdbReaderConfig config, WarningSink warnings) {
        this.input = input;
        this.visitor = visitor;
        this.config = config;
        this.warnings = warnings;
        this.emitter = new KeyEmitter(visitor, config, warnings);
    }

    /**
     * An error for a malformed blob inside {@code key}'s value. The offset is exact when the
     * blob was stored raw ({@code dataOffset} ≥ 0), else the start of the blob's string.
     */
    static RdbFormatException corrupt(RdbKey key, String structure, MalformedDataException e,
                                      long dataOffset, long stringOffset) {
        long offset = dataOffset >= 0 ? dataOffset + e.position() : stringOffset;
        return new RdbFormatException(RdbErrorKind.CORRUPT_VALUE, "corrupt " + structure + " in key "
                + Printable.of(key.key()) + ": " + e.getMessage(), offset, e);
    }

    static RdbFormatException corrupt(RdbKey key, String message, long offset) {
        return new RdbFormatException(RdbErrorKind.CORRUPT_VALUE,
                message + " in key " + Printable.of(key.key()), offset);
    }
}
