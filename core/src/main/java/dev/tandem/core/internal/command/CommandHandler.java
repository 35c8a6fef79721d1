/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.reply.Reply;

/**
 * A command's semantics: executes {@code argv} (argv[0] is the name as the client spelled it)
 * and returns the reply; side effects go through the context, including the propagated form.
 * Throws {@link dev.tandem.core.internal.RedisError} to reply with an error.
 */
@FunctionalInterface
public interface CommandHandler {
    Reply execute(ExecutionContext ctx, byte[][] argv);
}
