/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A RESP3 big number, {@code (3492890328409238509324850943850943825024385\r\n}. The decimal
 * text is kept exactly as received (an optional sign and digits) so that it re-encodes byte for
 * byte; {@link #value()} parses it.
 */
public final class RespBigNumber extends AbstractBytesFrame implements RespFrame {

    RespBigNumber(byte[] ownedDigits) {
        super(ownedDigits);
    }

    /** The big number {@code value}, written in canonical decimal. */
    public static RespBigNumber of(BigInteger value) {
        return new RespBigNumber(value.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A big number from its decimal text: an optional {@code +} or {@code -} then one or more
     * ASCII digits.
     *
     * @throws IllegalArgumentException if {@code text} is not of that form
     */
    public static RespBigNumber of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (!isValid(bytes, 0, bytes.length)) {
            throw new IllegalArgumentException("not a big number: " + text);
        }
        return new RespBigNumber(bytes);
    }

    static boolean isValid(byte[] b, int from, int to) {
        int i = from;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            i++;
        }
        if (i == to) {
            return false;
        }
        for (; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** The number. */
    public BigInteger value() {
        int start = bytes[0] == '+' ? 1 : 0;
        return new BigInteger(new String(bytes, start, bytes.length - start, StandardCharsets.US_ASCII));
    }

    @Override
    public RespType type() {
        return RespType.BIG_NUMBER;
    }
}
