/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.config;

import dev.tandem.replication.OutputBufferLimit;
import java.util.Optional;

/**
 * The value of {@code client-output-buffer-limit}: one {@link OutputBufferLimit} per client
 * class. A parsed value holds only the classes given (the others are left as they are); a
 * rendered one holds every class there is ({@code replica} only with a node).
 */
public record BufferLimits(Optional<OutputBufferLimit> normal, Optional<OutputBufferLimit> replica,
        Optional<OutputBufferLimit> pubsub) {

    /** Redis's {@code CONFIG GET} form: {@code normal <h> <s> <sec> slave <h> <s> <sec> pubsub <h> <s> <sec>}. */
    String render() {
        StringBuilder sb = new StringBuilder();
        normal.ifPresent(l -> sb.append("normal ").append(render(l)));
        replica.ifPresent(l -> sb.append(sb.isEmpty() ? "" : " ").append("slave ").append(render(l)));
        pubsub.ifPresent(l -> sb.append(sb.isEmpty() ? "" : " ").append("pubsub ").append(render(l)));
        return sb.toString();
    }

    private static String render(OutputBufferLimit l) {
        return l.hardLimitBytes() + " " + l.softLimitBytes() + " " + l.softLimitSeconds();
    }
}
