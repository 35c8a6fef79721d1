/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.reply.Reply;
import java.util.List;

/**
 * A command's reply together with its propagated form exactly as it went to the propagation
 * sink (MULTI/EXEC-wrapped when the unit produced more than one command; empty for no-ops).
 */
public record CommandResult(Reply reply, List<Propagated> propagated) {
    public boolean isError() {
        return reply instanceof Reply.ErrorReply;
    }
}
