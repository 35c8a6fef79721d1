/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/**
 * Turns one key's decoded elements into visitor events: {@code onKeyBegin} lazily before the
 * first batch, bounded batches, then {@code onKeyEnd}. A collection that ends without any
 * element gets no events but an {@link RdbWarning.Kind#EMPTY_KEY_SKIPPED} warning, as Redis
 * skips such keys on load. Streams call {@link #begin()} eagerly: an empty stream is a valid
 * value.
 */
final class KeyEmitter {
    /** Per-element overhead counted towards the batch byte limit. */
    private static final int ELEMENT_OVERHEAD = 16;

    private final RdbVisitor visitor;
    private final ReaderContext.WarningSink warnings;
    private final Batcher<byte[]> list;
    private final Batcher<byte[]> set;
    private final Batcher<ZsetEntry> zset;
    private final Batcher<HashEntry> hash;
    private RdbKey key;
    private boolean begun;

    KeyEmitter(RdbVisitor visitor, RdbReaderConfig config, ReaderContext.WarningSink warnings) {
        this.visitor = visitor;
        this.warnings = warnings;
        this.list = new Batcher<>(config, b -> {
            begin();
            visitor.onListElements(key, b);
        });
        this.set = new Batcher<>(config, b -> {
            begin();
            visitor.onSetMembers(key, b);
        });
        this.zset = new Batcher<>(config, b -> {
            begin();
            visitor.onZsetEntries(key, b);
        });
        this.hash = new Batcher<>(config, b -> {
            begin();
            visitor.onHashEntries(key, b);
        });
    }

    void start(RdbKey newKey) {
        this.key = newKey;
        this.begun = false;
    }

    void begin() {
        if (!begun) {
            begun = true;
            visitor.onKeyBegin(key);
        }
    }

    void string(byte[] value) {
        begin();
        visitor.onStringValue(key, value);
        finish();
    }

    void listElement(byte[] e) {
        list.add(e, e.length + ELEMENT_OVERHEAD);
    }

    void setMember(byte[] m) {
        set.add(m, m.length + ELEMENT_OVERHEAD);
    }

    void zsetEntry(ZsetEntry e) {
        zset.add(e, e.member().length + ELEMENT_OVERHEAD);
    }

    void hashEntry(HashEntry e) {
        hash.add(e, e.field().length + e.value().length + ELEMENT_OVERHEAD);
    }

    /** Flushes what is pending and closes the key (or reports it empty). */
    void finish() {
        list.flush();
        set.flush();
        zset.flush();
        hash.flush();
        if (begun) {
            visitor.onKeyEnd(key);
        } else {
            warnings.warn(RdbWarning.Kind.EMPTY_KEY_SKIPPED, "skipping empty " + key.kind().redisName()
                    + " key " + Printable.of(key.key()) + " (" + RdbTypes.name(key.rdbType()) + ")", key.offset());
        }
        key = null;
        begun = false;
    }
}
