/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.internal.Propagated;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamEncoderTest {
    private final StreamEncoder encoder = new StreamEncoder();

    private String encode(Propagated... unit) {
        encoder.encode(List.of(unit));
        return new String(encoder.copy(), StandardCharsets.UTF_8);
    }

    @Test
    void firstKeyedCommandIsPrecededBySelect() {
        assertEquals("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nset\r\n$1\r\na\r\n$1\r\n1\r\n",
                encode(Propagated.of(0, "set", "a", "1")));
        assertEquals("*2\r\n$3\r\ndel\r\n$1\r\na\r\n", encode(Propagated.of(0, "del", "a")));
    }

    @Test
    void selectOnDbChangeAndAfterReset() {
        encode(Propagated.of(0, "set", "a", "1"));
        assertEquals("*2\r\n$6\r\nSELECT\r\n$2\r\n12\r\n*2\r\n$4\r\nincr\r\n$1\r\nk\r\n",
                encode(Propagated.of(12, "incr", "k")));
        encoder.resetSelectedDb();
        assertEquals("*2\r\n$6\r\nSELECT\r\n$2\r\n12\r\n*2\r\n$4\r\nincr\r\n$1\r\nk\r\n",
                encode(Propagated.of(12, "incr", "k")));
    }

    @Test
    void selectComesBeforeMultiAndInsideWhenDbChanges() {
        String out = encode(Propagated.of(1, "MULTI"), Propagated.of(1, "set", "a", "1"),
                Propagated.of(2, "set", "b", "2"), Propagated.of(2, "EXEC"));
        assertEquals("*2\r\n$6\r\nSELECT\r\n$1\r\n1\r\n*1\r\n$5\r\nMULTI\r\n"
                + "*3\r\n$3\r\nset\r\n$1\r\na\r\n$1\r\n1\r\n"
                + "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*3\r\n$3\r\nset\r\n$1\r\nb\r\n$1\r\n2\r\n"
                + "*1\r\n$4\r\nEXEC\r\n", out);
    }

    @Test
    void heartbeatPingIsFourteenBytesWithoutSelect() {
        encoder.encodeWithoutSelect("ping".getBytes(StandardCharsets.US_ASCII));
        assertEquals(14, encoder.length());
        assertEquals(StreamEncoder.UNKNOWN_DB, encoder.selectedDb());
    }

    @Test
    void largeArgumentsGrowTheScratchBuffer() {
        byte[] big = new byte[100_000];
        encoder.encode(List.of(new Propagated(0, new byte[][] {"set".getBytes(), "k".getBytes(), big})));
        // SELECT 0 (23) + *3 (4) + $3 set (9) + $1 k (7) + $100000 header (9) + payload + CRLF
        assertEquals(23 + 4 + 9 + 7 + 9 + 100_000 + 2, encoder.length());
    }
}
