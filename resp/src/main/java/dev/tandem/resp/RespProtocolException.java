/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.DecoderException;

/**
 * Malformed or over-limit RESP input. The message is Redis's own error text where Redis has one
 * (e.g. {@code Protocol error: invalid bulk length}), so a server can reply
 * {@link #errorReplyBytes()} and close the connection, exactly as Redis does. A decoder that threw
 * this discards all further input.
 *
 * <p>Extends {@link DecoderException} so that Netty's {@code ByteToMessageDecoder} passes it to
 * {@code exceptionCaught} as is rather than wrapped.
 */
public class RespProtocolException extends DecoderException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the protocol error text; characters are taken as bytes (ISO-8859-1), which
     *                lets a message quote an offending input byte exactly as Redis does
     */
    public RespProtocolException(String message) {
        super(message);
    }

    /**
     * The error line a Redis server sends for this error, without the leading {@code -} and the
     * CRLF: {@code ERR } + the message, with CR and LF replaced by spaces (as Redis's
     * {@code addReplyErrorFormat} does).
     */
    public byte[] errorReplyBytes() {
        byte[] line = ("ERR " + getMessage()).getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < line.length; i++) {
            if (line[i] == '\r' || line[i] == '\n') {
                line[i] = ' ';
            }
        }
        return line;
    }
}
