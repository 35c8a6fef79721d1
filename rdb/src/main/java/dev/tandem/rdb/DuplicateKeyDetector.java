/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Fails on a key that appears twice in the same database — Redis panics on that
 * ("Duplicated key found in RDB file"), while {@code redis-check-rdb} does not check it.
 * Remembers every key it has seen, so its memory grows with the key count; a loader that
 * builds a keyspace can check membership there instead.
 */
public final class DuplicateKeyDetector extends ForwardingRdbVisitor {
    private final Map<Integer, Set<ByteArrayKey>> keysByDb = new HashMap<>();

    public DuplicateKeyDetector(RdbVisitor delegate) {
        super(delegate);
    }

    @Override
    public void onKeyBegin(RdbKey key) {
        if (!keysByDb.computeIfAbsent(key.db(), d -> new HashSet<>()).add(new ByteArrayKey(key.key()))) {
            throw new RdbFormatException(RdbErrorKind.DUPLICATE_KEY, "duplicate key " + Printable.of(key.key())
                    + " in db " + key.db(), key.offset());
        }
        super.onKeyBegin(key);
    }
}
