package dev.tandem.rdb.write;

import dev.tandem.rdb.codec.Crc64;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.function.Consumer;

/**
 * The byte sink under the RDB writer: fills a buffer of about {@code chunkSize} bytes, hands
 * it to the consumer once it is full (ownership moves with it) and keeps a running CRC-64 of
 * everything written, from the {@code R} of {@code REDIS} on.
 *
 * <p>The CRC of a chunk is computed when the chunk is handed off (one pass over memory that
 * is still hot), and at {@link #finish} over the tail, up to and including the EOF opcode;
 * the checksum itself is not covered.
 */
final class ChunkedOutput {
    private final ByteBufAllocator allocator;
    private final int chunkSize;
    private final Consumer<ByteBuf> output;
    private final Crc64 crc = new Crc64();
    private ByteBuf current;
    private long handedOff;
    private boolean finished;

    ChunkedOutput(ByteBufAllocator allocator, int chunkSize, Consumer<ByteBuf> output) {
        this.allocator = allocator;
        this.chunkSize = chunkSize;
        this.output = output;
    }

    /** The buffer to append to; callers write, then call {@link #maybeHandOff()}. */
    ByteBuf buf() {
        if (current == null) {
            if (finished) {
                throw new IllegalStateException("the RDB is already complete");
            }
            current = allocator.buffer(chunkSize);
        }
        return current;
    }

    /** Hands the current buffer over when it has reached the chunk size. */
    void maybeHandOff() {
        if (current != null && current.readableBytes() >= chunkSize) {
            handOff();
        }
    }

    /** Total bytes produced so far, handed off or not. */
    long bytesWritten() {
        return handedOff + (current == null ? 0 : current.readableBytes());
    }

    /**
     * Writes the EOF opcode and the checksum (or 8 zero bytes when {@code withChecksum} is
     * false) and hands over the last chunk.
     */
    void finish(int eofOpcode, boolean withChecksum) {
        ByteBuf b = buf();
        b.writeByte(eofOpcode);
        crc.update(b, b.readerIndex(), b.readableBytes());
        b.writeLongLE(withChecksum ? crc.value() : 0L);
        handedOff += b.readableBytes();
        current = null;
        finished = true;
        output.accept(b);
    }

    /** Releases the buffer being filled (after an aborted snapshot); nothing more is written. */
    void discard() {
        finished = true;
        if (current != null) {
            ByteBuf b = current;
            current = null;
            b.release();
        }
    }

    boolean isFinished() {
        return finished;
    }

    private void handOff() {
        ByteBuf b = current;
        current = null;
        crc.update(b, b.readerIndex(), b.readableBytes());
        handedOff += b.readableBytes();
        output.accept(b);
    }
}
