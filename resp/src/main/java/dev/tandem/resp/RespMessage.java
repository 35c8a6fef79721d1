/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/**
 * Anything the RESP decoders produce or the {@link RespEncoder} accepts.
 *
 * <ul>
 *   <li>{@link RespFrame}: a whole, immutable RESP2/RESP3 value (no reference counting);</li>
 *   <li>{@link RespBulkStringHeader} and {@link RespBulkStringChunk}: a large top-level bulk
 *       string delivered in pieces (the chunks are reference counted, see there);</li>
 *   <li>{@link RespCommand}: a request ({@code argv}) as a server or a replica sees it.</li>
 * </ul>
 */
public sealed interface RespMessage
        permits RespFrame, RespBulkStringHeader, RespBulkStringChunk, RespCommand {
}
