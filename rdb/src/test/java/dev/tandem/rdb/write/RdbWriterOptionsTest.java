/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbWriterOptionsTest {
    @Test
    void defaults() {
        RdbWriterOptions o = RdbWriterOptions.defaults();
        assertEquals(9, o.version());
        assertTrue(o.compressStrings());
        assertEquals(64 * 1024, o.chunkSize());
        assertEquals("7.0.15", o.redisVersion());
        assertTrue(o.auxFields().isEmpty());
        assertTrue(o.emitResizeDb());
    }

    @Test
    void auxFieldsKeepTheirOrderAndAreCopied() {
        byte[] value = "x".getBytes(StandardCharsets.US_ASCII);
        RdbWriterOptions o = RdbWriterOptions.builder().aux("b", value).replicationInfo(1, "id", 5).aux("a", "1")
                .aux("b", "again").build();
        assertEquals(List.of("b", "repl-stream-db", "repl-id", "repl-offset", "a"), List.copyOf(o.auxFields().keySet()));
        assertEquals("again", new String(o.auxFields().get("b"), StandardCharsets.US_ASCII));
        value[0] = 'y';
        RdbWriterOptions copy = o.toBuilder().version(10).allocator(UnpooledByteBufAllocator.DEFAULT).build();
        assertEquals(10, copy.version());
        assertSame(UnpooledByteBufAllocator.DEFAULT, copy.allocator());
        assertEquals(o.auxFields().keySet(), copy.auxFields().keySet());
        assertThrows(UnsupportedOperationException.class, () -> o.auxFields().put("c", new byte[0]));
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RdbWriterOptions.builder().version(11).build());
        assertThrows(IllegalArgumentException.class, () -> RdbWriterOptions.builder().version(8).build());
        assertThrows(IllegalArgumentException.class, () -> RdbWriterOptions.builder().chunkSize(10).build());
        assertThrows(NullPointerException.class, () -> RdbWriterOptions.builder().allocator(null).build());
    }
}
