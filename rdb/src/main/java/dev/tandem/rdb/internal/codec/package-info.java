/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Self-contained codecs for the binary structures inside RDB files. They know nothing about
 * files or offsets: decoders validate strictly against the blob they are given and report
 * problems as {@link dev.tandem.rdb.internal.codec.MalformedDataException} with a position inside the
 * blob; encoders produce what Redis 7.0 produces (or, for LZF, what it loads).
 */
package dev.tandem.rdb.internal.codec;
