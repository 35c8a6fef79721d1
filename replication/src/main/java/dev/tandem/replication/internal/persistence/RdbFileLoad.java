/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import dev.tandem.core.internal.DatasetBuilder;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.rdb.RdbFormatException;
import dev.tandem.rdb.RdbReader;
import dev.tandem.rdb.internal.load.KeyspaceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads {@code dir/dbfilename} into a keyspace at start, streaming: the file is read in 64 KiB
 * pieces through the RDB reader into a data set built beside the (empty) live one, committed
 * only once the whole file, its EOF opcode and its checksum were read. A missing file is an empty
 * start; a truncated or corrupt one fails the start (never a silent partial load).
 */
final class RdbFileLoad {

    private static final int READ_SIZE = 64 * 1024;

    /** Observes the load: bytes read so far (for {@code loading_loaded_bytes}). */
    interface Progress {
        void read(long bytes, long keys);
    }

    /**
     * What the file held.
     *
     * @param replid the {@code repl-id} aux field when it is 40 characters
     * @param offset {@code repl-offset}, -1 when absent
     * @param streamDb {@code repl-stream-db}, -1 when absent
     */
    record Loaded(long keys, long bytes, Optional<String> replid, long offset, int streamDb, int rdbVersion) {
        /** Redis's check before it uses the fields: all three present and valid. */
        boolean hasReplicationInfo() {
            return replid.isPresent() && offset >= 0 && streamDb >= 0;
        }
    }

    private RdbFileLoad() {
    }

    /**
     * @return empty when the file does not exist
     * @throws RdbLoadException when the file cannot be read or is not a complete, valid RDB file
     */
    static Optional<Loaded> load(Keyspace keyspace, Path file, Progress progress) {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RdbLoadException("Fatal error loading the DB: " + e.getMessage() + ". Exiting.", e);
        }
        DatasetBuilder builder = keyspace.newDatasetBuilder();
        KeyspaceLoader loader = new KeyspaceLoader(builder);
        RdbReader reader = new RdbReader(loader);
        long read = 0;
        try (in) {
            byte[] buffer = new byte[READ_SIZE];
            int n;
            while ((n = in.read(buffer)) > 0) {
                reader.feed(buffer, 0, n);
                read += n;
                progress.read(read, loader.keysLoaded());
            }
            reader.end();
        } catch (RdbFormatException e) {
            builder.discard();
            // Redis exits with "Internal error in RDB reading ..." / "Short read or OOM loading DB.
            // Unrecoverable error, aborting now."; Tandem names the file, the offset and the reason.
            throw new RdbLoadException("Bad RDB file " + file + " (at byte " + read + "): " + e.getMessage()
                    + ". Unrecoverable error, aborting now (redis-check-rdb " + file.getFileName()
                    + " shows where the file is damaged).", e);
        } catch (IOException e) {
            builder.discard();
            throw new RdbLoadException("Fatal error loading the DB: " + e.getMessage() + ". Exiting.", e);
        } catch (RuntimeException e) {
            builder.discard();
            throw new RdbLoadException("Bad RDB file " + file + " (at byte " + read + "): " + e
                    + ". Unrecoverable error, aborting now.", e);
        }
        builder.commit();
        return Optional.of(new Loaded(loader.keysLoaded(), read, loader.replId(), loader.replOffset(),
                loader.replStreamDb(), loader.rdbVersion()));
    }

    /** The file could not be loaded: the node must not start on a partial data set. */
    static final class RdbLoadException extends RuntimeException {
        RdbLoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
