/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.testing;

import dev.tandem.core.snapshot.DatasetTarget;
import dev.tandem.core.Key;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.core.value.ZSetValue;
import dev.tandem.replication.spi.SnapshotFormat;
import dev.tandem.replication.spi.SnapshotLoader;
import dev.tandem.replication.spi.SnapshotWriteOptions;
import dev.tandem.replication.spi.SnapshotWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * A deliberately simple, non-RDB {@link SnapshotFormat} for tests: proves that the full-sync
 * machinery is independent of the format (brief §6) and lets replication be tested apart from
 * the RDB codec. Records: {@code 'K' db expire type key payload}, then {@code 'E' count}.
 * Strings, lists, sets, hashes and sorted sets; streams are refused.
 */
public final class SimpleSnapshotFormat implements SnapshotFormat {

    private static final byte KEY = 'K';
    private static final byte END = 'E';

    @Override
    public String name() {
        return "simple-test-format";
    }

    @Override
    public SnapshotWriter newWriter(SnapshotWriteOptions options, Consumer<ByteBuf> output) {
        return new Writer(options, output);
    }

    @Override
    public SnapshotLoader newLoader(DatasetTarget target) {
        return new Loader(target);
    }

    private static final class Writer implements SnapshotWriter {
        private final SnapshotWriteOptions options;
        private final Consumer<ByteBuf> output;
        private ByteBuf current;
        private long keys;

        Writer(SnapshotWriteOptions options, Consumer<ByteBuf> output) {
            this.options = options;
            this.output = output;
        }

        private ByteBuf buf() {
            if (current == null) {
                current = options.allocator().buffer(options.chunkSize());
            }
            return current;
        }

        private void maybeHandOff() {
            if (current != null && current.readableBytes() >= options.chunkSize()) {
                ByteBuf out = current;
                current = null;
                output.accept(out);
            }
        }

        @Override
        public void begin(SnapshotInfo info) {
            buf().writeInt(options.streamDb());
        }

        @Override
        public void entry(int db, Key key, RedisValue value, long expireAtMillis) {
            ByteBuf b = buf();
            b.writeByte(KEY).writeInt(db).writeLong(expireAtMillis);
            bytes(b, key.bytes());
            switch (value.type()) {
                case STRING -> {
                    b.writeByte('s');
                    bytes(b, ((StringValue) value).bytes());
                }
                case LIST -> {
                    ListValue list = (ListValue) value;
                    b.writeByte('l').writeInt(list.size());
                    for (byte[] e : list) {
                        bytes(b, e);
                    }
                }
                case SET -> {
                    SetValue set = (SetValue) value;
                    b.writeByte('S').writeInt(set.size());
                    for (Key m : set) {
                        bytes(b, m.bytes());
                    }
                }
                case HASH -> {
                    HashValue hash = (HashValue) value;
                    b.writeByte('h').writeInt(hash.size());
                    hash.forEach((f, v) -> {
                        bytes(b, f.bytes());
                        bytes(b, v);
                    });
                }
                case ZSET -> {
                    ZSetValue zset = (ZSetValue) value;
                    b.writeByte('z').writeInt(zset.size());
                    zset.forEach((m, score) -> {
                        bytes(b, m.bytes());
                        b.writeDouble(score);
                    });
                }
                default -> throw new IllegalArgumentException("the test format cannot hold " + value.type());
            }
            keys++;
            maybeHandOff();
        }

        private static void bytes(ByteBuf b, byte[] v) {
            b.writeInt(v.length).writeBytes(v);
        }

        @Override
        public void end() {
            buf().writeByte(END).writeLong(keys);
            ByteBuf out = current;
            current = null;
            output.accept(out);
        }

        @Override
        public void discard() {
            if (current != null) {
                current.release();
                current = null;
            }
        }
    }

    /** Collects the payload, then parses it at {@link #finish()}. */
    private static final class Loader implements SnapshotLoader {
        private final DatasetTarget target;
        private final java.io.ByteArrayOutputStream collected = new java.io.ByteArrayOutputStream();
        private ByteBuf received;
        private long keys;
        private int streamDb = -1;

        Loader(DatasetTarget target) {
            this.target = target;
        }

        @Override
        public void feed(ByteBuf chunk) {
            byte[] copy = new byte[chunk.readableBytes()];
            chunk.readBytes(copy);
            collected.writeBytes(copy);
        }

        @Override
        public void finish() {
            received = Unpooled.wrappedBuffer(collected.toByteArray());
            {
                if (received.readableBytes() < 4) {
                    throw new IllegalStateException("truncated test snapshot");
                }
                streamDb = received.readInt();
                while (true) {
                    require(1);
                    byte tag = received.readByte();
                    if (tag == END) {
                        require(8);
                        long count = received.readLong();
                        if (count != keys) {
                            throw new IllegalStateException("test snapshot announced " + count + " keys, held " + keys);
                        }
                        if (received.isReadable()) {
                            throw new IllegalStateException("bytes after the end of the test snapshot");
                        }
                        return;
                    }
                    if (tag != KEY) {
                        throw new IllegalStateException("corrupt test snapshot: tag " + tag);
                    }
                    require(12);
                    int db = received.readInt();
                    long expire = received.readLong();
                    Key key = Key.of(bytes());
                    require(1);
                    RedisValue value = switch (received.readByte()) {
                        case 's' -> StringValue.of(bytes());
                        case 'l' -> {
                            ListValue list = new ListValue();
                            for (int n = count(); n > 0; n--) {
                                list.addLast(bytes());
                            }
                            yield list;
                        }
                        case 'S' -> {
                            SetValue set = new SetValue();
                            for (int n = count(); n > 0; n--) {
                                set.add(Key.of(bytes()));
                            }
                            yield set;
                        }
                        case 'h' -> {
                            HashValue hash = new HashValue();
                            for (int n = count(); n > 0; n--) {
                                hash.put(Key.of(bytes()), bytes());
                            }
                            yield hash;
                        }
                        case 'z' -> {
                            ZSetValue zset = new ZSetValue();
                            for (int n = count(); n > 0; n--) {
                                Key member = Key.of(bytes());
                                require(8);
                                zset.add(member, received.readDouble());
                            }
                            yield zset;
                        }
                        default -> throw new IllegalStateException("corrupt test snapshot: unknown type");
                    };
                    target.put(db, key, value, expire);
                    keys++;
                }
            }
        }

        private void require(int n) {
            if (received.readableBytes() < n) {
                throw new IllegalStateException("truncated test snapshot");
            }
        }

        private int count() {
            require(4);
            return received.readInt();
        }

        private byte[] bytes() {
            int n = count();
            require(n);
            byte[] out = new byte[n];
            received.readBytes(out);
            return out;
        }

        @Override
        public long keysLoaded() {
            return keys;
        }

        @Override
        public OptionalInt streamDb() {
            return streamDb < 0 ? OptionalInt.empty() : OptionalInt.of(streamDb);
        }
    }
}
