/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.datasets;

import dev.tandem.rdb.internal.codec.Crc64;
import dev.tandem.rdb.internal.codec.LengthEncoding;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-made RDB bytes for loader tests (raw strings, canonical lengths, valid CRC). */
public final class TestRdb {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private TestRdb(int version) {
        raw(String.format("REDIS%04d", version).getBytes(StandardCharsets.US_ASCII));
    }

    public static TestRdb version(int version) {
        return new TestRdb(version);
    }

    public TestRdb raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    public TestRdb u8(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    public TestRdb length(long len) {
        return raw(LengthEncoding.encode(len));
    }

    public TestRdb string(byte[] s) {
        return length(s.length).raw(s);
    }

    public TestRdb string(String s) {
        return string(s.getBytes(StandardCharsets.UTF_8));
    }

    public TestRdb le(long v, int width) {
        for (int i = 0; i < width; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    public TestRdb be(long v, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    public TestRdb aux(String k, String v) {
        return u8(0xFA).string(k).string(v);
    }

    public TestRdb selectDb(int db) {
        return u8(0xFE).length(db);
    }

    public TestRdb expireMs(long ms) {
        return u8(0xFC).le(ms, 8);
    }

    public TestRdb key(int type, String key) {
        return u8(type).string(key);
    }

    public TestRdb stringKey(String key, String value) {
        return key(0, key).string(value);
    }

    /** EOF and a valid CRC-64. */
    public byte[] build() {
        u8(0xFF);
        byte[] body = out.toByteArray();
        long crc = Crc64.of(body);
        le(crc, 8);
        return out.toByteArray();
    }
}
