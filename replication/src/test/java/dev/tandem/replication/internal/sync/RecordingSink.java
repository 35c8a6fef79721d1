/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sync;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Records what a payload parser delivers; copies and releases every chunk. */
final class RecordingSink implements RdbPayloadSink {
    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream payload = new ByteArrayOutputStream();
    int keepalives;
    int chunks;
    Throwable failure;
    boolean completed;

    @Override
    public void onKeepalive() {
        if (!events.isEmpty() && !events.get(events.size() - 1).equals("keepalive")) {
            throw new AssertionError("keepalive after " + events);
        }
        keepalives++;
        if (events.isEmpty()) {
            events.add("keepalive");
        }
    }

    @Override
    public void onStart(boolean eofMarked, long lengthOrMinus1) {
        events.add("start:" + eofMarked + ":" + lengthOrMinus1);
    }

    @Override
    public void onChunk(ByteBuf chunk) {
        try {
            if (completed || failure != null) {
                throw new AssertionError("chunk after the end");
            }
            if (chunk.readableBytes() == 0) {
                throw new AssertionError("empty chunk");
            }
            chunks++;
            byte[] bytes = new byte[chunk.readableBytes()];
            chunk.readBytes(bytes);
            payload.writeBytes(bytes);
        } finally {
            chunk.release();
        }
    }

    @Override
    public void onComplete() {
        if (completed || failure != null) {
            throw new AssertionError("second end");
        }
        completed = true;
        events.add("complete");
    }

    @Override
    public void onFailure(Throwable cause) {
        if (completed || failure != null) {
            throw new AssertionError("second end", cause);
        }
        failure = cause;
        events.add("failure");
    }
}
