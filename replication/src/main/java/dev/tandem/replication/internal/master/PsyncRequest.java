/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import dev.tandem.core.internal.command.Args;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A replica's request for the stream: {@code PSYNC <replid> <offset>} or the legacy
 * {@code SYNC} (no {@code +FULLRESYNC} line, never ACKs; reference §3).
 *
 * @param replid the requested history; {@code ?} asks for a full sync on purpose
 * @param offset the first byte the replica lacks; -1 with {@code ?}
 * @param legacySync whether this is {@code SYNC}
 */
public record PsyncRequest(String replid, long offset, boolean legacySync) {

    /** What {@code SYNC} asks for. */
    public static final PsyncRequest SYNC = new PsyncRequest("?", -1, true);

    public PsyncRequest {
        Objects.requireNonNull(replid, "replid");
    }

    /** {@code PSYNC ? -1}. */
    public static PsyncRequest fullResync() {
        return new PsyncRequest("?", -1, false);
    }

    /**
     * Parses a {@code PSYNC} command's arguments ({@code argv[0]} is the name).
     *
     * @throws IllegalArgumentException with Redis's reply text (without the leading {@code -})
     *     for a wrong arity or an offset that is not a 64-bit integer
     */
    public static PsyncRequest parse(byte[][] argv) {
        if (argv.length < 3) {
            throw new IllegalArgumentException("ERR wrong number of arguments for 'psync' command");
        }
        String id = new String(argv[1], StandardCharsets.UTF_8);
        Long offset = Args.parseLongStrict(argv[2]);
        if (offset == null) {
            throw new IllegalArgumentException("ERR value is not an integer or out of range");
        }
        return new PsyncRequest(id, offset, false);
    }

    @Override
    public String toString() {
        return legacySync ? "SYNC" : "PSYNC " + replid + " " + offset;
    }
}
