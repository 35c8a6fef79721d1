/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.reply.Reply;
import dev.tandem.resp.RespVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code DEBUG PROTOCOL <type>}: one reply of each RESP type, as Redis 7.0.15's debug.c writes
 * them, so that clients (and scripts, through {@code redis.call}) can be tested against every
 * type. The typed replies carry both wire forms; the encoder picks the client's.
 */
final class DebugProtocol {
    static final String WRONG_TYPE = "ERR Wrong protocol type name. Please use one of the following: "
            + "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false";

    private DebugProtocol() {
    }

    static Reply reply(ClientConnection client, byte[][] argv, boolean inTransaction) {
        String type = new String(argv[2], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        switch (type) {
            case "string":
                return Reply.bulk("Hello World");
            case "integer":
                return Reply.integer(12345);
            case "double":
                return new Reply.DoubleReply(3.141);
            case "bignum":
                return new Reply.BigNumberReply("1234567999999999999999999999999999999");
            case "null":
                return Reply.NULL;
            case "array":
                return Reply.array(List.of(Reply.integer(0), Reply.integer(1), Reply.integer(2)));
            case "set":
                return new Reply.SetReply(List.of(Reply.integer(0), Reply.integer(1), Reply.integer(2)));
            case "map":
                return new Reply.MapReply(List.of(Reply.integer(0), new Reply.BooleanReply(false),
                        Reply.integer(1), new Reply.BooleanReply(true),
                        Reply.integer(2), new Reply.BooleanReply(false)));
            case "attrib":
                // Attributes are no reply of their own: a real reply follows, and RESP2 gets it alone.
                return new Reply.AttributeReply(List.of(Reply.bulk("key-popularity"),
                        Reply.array(List.of(Reply.bulk("key:123"), Reply.integer(90)))),
                        Reply.bulk("Some real reply following the attribute"));
            case "push":
                if (client.protocol() == RespVersion.RESP2) {
                    return Reply.error("ERR RESP2 is not supported by this command");
                }
                // A push is not the command's reply: a real one follows, for clients that discard pushes.
                return new Reply.PushReply(List.of(Reply.bulk("server-cpu-usage"), Reply.integer(42)),
                        Reply.bulk("Some real reply following the push reply"));
            case "verbatim":
                return new Reply.VerbatimReply("txt", "This is a verbatim\nstring".getBytes(StandardCharsets.US_ASCII));
            case "true":
                return new Reply.BooleanReply(true);
            case "false":
                return new Reply.BooleanReply(false);
            default:
                return Reply.error(WRONG_TYPE);
        }
    }
}
