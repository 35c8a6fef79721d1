/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a RESP2 client receives where a RESP3 client would get a RESP3-only type, following
 * Redis 7.0's {@code addReply*} functions for {@code c->resp == 2}:
 *
 * <table>
 *   <caption>RESP3 to RESP2</caption>
 *   <tr><th>RESP3</th><th>RESP2</th><th>Redis</th></tr>
 *   <tr><td>map {@code %n}</td><td>flat array {@code *2n} (key, value, ...)</td><td>addReplyMapLen</td></tr>
 *   <tr><td>set {@code ~n}</td><td>array {@code *n}</td><td>addReplySetLen</td></tr>
 *   <tr><td>push {@code >n}</td><td>array {@code *n} (how pub/sub messages reach RESP2)</td><td>addReplyPubsubMessage</td></tr>
 *   <tr><td>null {@code _}</td><td>null bulk string {@code $-1}</td><td>addReplyNull</td></tr>
 *   <tr><td>double {@code ,}</td><td>bulk string of {@code %.17g}, {@code inf}, {@code -inf}</td><td>addReplyDouble</td></tr>
 *   <tr><td>boolean {@code #t}/{@code #f}</td><td>integer {@code :1}/{@code :0}</td><td>addReplyBool</td></tr>
 *   <tr><td>big number {@code (}</td><td>bulk string of the digits</td><td>addReplyBigNum</td></tr>
 *   <tr><td>verbatim {@code =}</td><td>bulk string of the text, without the format</td><td>addReplyVerbatim</td></tr>
 *   <tr><td>attribute {@code |}</td><td>dropped; only the annotated frame is sent (Redis never sends attributes to RESP2)</td><td>addReplyAttributeLen</td></tr>
 * </table>
 *
 * Simple strings, errors, integers, bulk strings, RESP2 nulls and arrays are kept (arrays with
 * their elements downgraded).
 */
public final class Resp2Downgrade {

    private Resp2Downgrade() {
    }

    /** {@code frame} as a RESP2 peer receives it (the same instance if nothing changes). */
    public static RespFrame toResp2(RespFrame frame) {
        return switch (frame.type()) {
            case SIMPLE_STRING, ERROR, INTEGER, BULK_STRING -> frame;
            case NULL -> ((RespNull) frame).form() == RespNull.Form.RESP3_NULL ? RespNull.NULL_BULK_STRING : frame;
            case DOUBLE -> new RespBulkString(ascii(RespNumbers.formatDouble(((RespDouble) frame).value())));
            case BOOLEAN -> RespInteger.of(((RespBoolean) frame).value() ? 1 : 0);
            case BIG_NUMBER -> new RespBulkString(((RespBigNumber) frame).bytes.clone());
            case VERBATIM_STRING -> new RespBulkString(((RespVerbatimString) frame).textBytes().clone());
            case ARRAY -> {
                List<RespFrame> elements = ((RespArray) frame).elements();
                List<RespFrame> converted = convertAll(elements);
                yield converted == elements ? frame : new RespArray(converted);
            }
            case SET -> new RespArray(convertAll(((RespSet) frame).elements()));
            case PUSH -> new RespArray(convertAll(((RespPush) frame).elements()));
            case MAP -> {
                List<RespMap.Entry> entries = ((RespMap) frame).entries();
                List<RespFrame> flat = new ArrayList<>(entries.size() * 2);
                for (RespMap.Entry e : entries) {
                    flat.add(toResp2(e.key()));
                    flat.add(toResp2(e.value()));
                }
                yield new RespArray(flat);
            }
            case ATTRIBUTE -> toResp2(((RespAttribute) frame).value());
        };
    }

    /** The converted list, or {@code elements} itself if no element changed. */
    private static List<RespFrame> convertAll(List<RespFrame> elements) {
        List<RespFrame> converted = null;
        for (int i = 0; i < elements.size(); i++) {
            RespFrame original = elements.get(i);
            RespFrame downgraded = toResp2(original);
            if (converted == null && downgraded != original) {
                converted = new ArrayList<>(elements.size());
                converted.addAll(elements.subList(0, i));
            }
            if (converted != null) {
                converted.add(downgraded);
            }
        }
        return converted == null ? elements : converted;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
