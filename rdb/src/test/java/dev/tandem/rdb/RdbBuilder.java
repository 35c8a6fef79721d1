/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import dev.tandem.rdb.internal.codec.Crc64;
import dev.tandem.rdb.internal.codec.LengthEncoding;
import dev.tandem.rdb.internal.codec.Lzf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds RDB byte vectors for tests, item by item, following rdb-format.md. Deliberately
 * low-level: every method writes exactly the bytes the reference describes, so a test reads
 * like the layout it checks.
 */
final class RdbBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private RdbBuilder() {
    }

    /** Starts a file with the header {@code REDIS%04d}. */
    static RdbBuilder version(int version) {
        RdbBuilder b = new RdbBuilder();
        b.raw(String.format("REDIS%04d", version).getBytes(StandardCharsets.US_ASCII));
        return b;
    }

    /** Starts an empty byte sequence (no header), e.g. for a blob. */
    static RdbBuilder bytes() {
        return new RdbBuilder();
    }

    RdbBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    RdbBuilder raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    RdbBuilder hex(String hex) {
        return raw(Hex.decode(hex));
    }

    RdbBuilder length(long len) {
        return raw(LengthEncoding.encode(len));
    }

    /** A raw string: length + bytes. */
    RdbBuilder string(byte[] s) {
        return length(s.length).raw(s);
    }

    RdbBuilder string(String s) {
        return string(s.getBytes(StandardCharsets.UTF_8));
    }

    /** An LZF string: {@code C3 clen len data}, with this project's compressor. */
    RdbBuilder lzfString(byte[] s) {
        byte[] c = Lzf.compress(s, s.length * 2 + 16);
        raw(0xC3).length(c.length).length(s.length);
        return raw(c);
    }

    RdbBuilder le(long v, int width) {
        for (int i = 0; i < width; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    RdbBuilder be(long v, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    RdbBuilder aux(String k, String v) {
        return raw(RdbOpcodes.AUX).string(k).string(v);
    }

    RdbBuilder selectDb(int db) {
        return raw(RdbOpcodes.SELECTDB).length(db);
    }

    RdbBuilder resizeDb(long size, long expires) {
        return raw(RdbOpcodes.RESIZEDB).length(size).length(expires);
    }

    RdbBuilder expireMs(long ms) {
        return raw(RdbOpcodes.EXPIRETIME_MS).le(ms, 8);
    }

    /** Type byte and key. */
    RdbBuilder key(int type, String key) {
        return raw(type).string(key);
    }

    /** A string key with a raw string value. */
    RdbBuilder stringKey(String key, String value) {
        return key(RdbTypes.STRING, key).string(value);
    }

    /** A blob-typed key whose value is {@code blob} stored raw. */
    RdbBuilder blobKey(int type, String key, byte[] blob) {
        return key(type, key).string(blob);
    }

    /** EOF opcode, then (version ≥ 5 callers) the CRC-64 of everything so far. */
    RdbBuilder eofWithChecksum() {
        raw(RdbOpcodes.EOF);
        long crc = Crc64.of(out.toByteArray());
        return le(crc, 8);
    }

    /** EOF opcode with 8 zero bytes (checksum disabled). */
    RdbBuilder eofZeroChecksum() {
        return raw(RdbOpcodes.EOF).le(0, 8);
    }

    /** EOF opcode alone (versions 1–4). */
    RdbBuilder eofOnly() {
        return raw(RdbOpcodes.EOF);
    }

    int size() {
        return out.size();
    }

    byte[] build() {
        return out.toByteArray();
    }
}
