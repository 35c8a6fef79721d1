/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/**
 * Limits and policies of an {@link RdbReader}. Immutable; start from {@link #defaults()} and
 * use the {@code with…} methods.
 *
 * @param maxStringLength  largest string (key, value, member, blob, decompressed LZF) accepted;
 *                         default 512 MB, Redis's {@code proto-max-bulk-len}. A larger claimed
 *                         length is an error before any byte of it is buffered.
 * @param batchMaxElements most elements per visitor batch (default 1024)
 * @param batchMaxBytes    a batch is flushed once its elements reach this many bytes (default 1 MB)
 * @param verifyChecksum   verify the trailing CRC-64 (default true)
 * @param modulePolicy     what to do with module values and module aux data (default SKIP)
 */
public record RdbReaderConfig(long maxStringLength, int batchMaxElements, long batchMaxBytes,
                              boolean verifyChecksum, ModulePolicy modulePolicy) {
    public static final long DEFAULT_MAX_STRING_LENGTH = 512L * 1024 * 1024;

    /** Module data cannot be decoded without the module that wrote it. */
    public enum ModulePolicy {
        /**
         * Skip type-7 values and MODULE_AUX generically (like {@code redis-check-rdb}), each
         * with a counted warning. Type 6 (pre-GA, unframed) is always rejected.
         */
        SKIP,
        /** Fail on any module value or module aux data, like a server without the module. */
        REJECT
    }

    public RdbReaderConfig {
        if (maxStringLength <= 0 || maxStringLength > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("maxStringLength must be in 1.." + (Integer.MAX_VALUE - 64));
        }
        if (batchMaxElements <= 0 || batchMaxBytes <= 0) {
            throw new IllegalArgumentException("batch limits must be positive");
        }
        if (modulePolicy == null) {
            throw new IllegalArgumentException("modulePolicy");
        }
    }

    public static RdbReaderConfig defaults() {
        return new RdbReaderConfig(DEFAULT_MAX_STRING_LENGTH, 1024, 1024 * 1024, true, ModulePolicy.SKIP);
    }

    public RdbReaderConfig withMaxStringLength(long v) {
        return new RdbReaderConfig(v, batchMaxElements, batchMaxBytes, verifyChecksum, modulePolicy);
    }

    public RdbReaderConfig withBatchLimits(int elements, long bytes) {
        return new RdbReaderConfig(maxStringLength, elements, bytes, verifyChecksum, modulePolicy);
    }

    public RdbReaderConfig withVerifyChecksum(boolean v) {
        return new RdbReaderConfig(maxStringLength, batchMaxElements, batchMaxBytes, v, modulePolicy);
    }

    public RdbReaderConfig withModulePolicy(ModulePolicy v) {
        return new RdbReaderConfig(maxStringLength, batchMaxElements, batchMaxBytes, verifyChecksum, v);
    }
}
