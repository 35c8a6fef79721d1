/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.PropagationSink;
import dev.tandem.replication.Persistence;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a multi-part AOF at start, as Redis 7.0's {@code loadAppendOnlyFiles}: the manifest,
 * then the base (an RDB file, or commands, or commands after an RDB preamble... a base named
 * {@code .rdb} or starting with {@code REDIS} is read as RDB), then each incremental file in
 * sequence order. A torn tail of the last file is cut off with {@code aof-load-truncated yes}
 * and refused with {@code no}; a torn file that is not the last, a format error or a file the
 * manifest names but the directory lacks refuse the start with Redis's words.
 */
final class AofFileLoad {

    private static final Logger log = LoggerFactory.getLogger(AofFileLoad.class);

    /** What was loaded. */
    record Loaded(long baseKeys, long commands, long bytes) { }

    private AofFileLoad() {
    }

    /**
     * @return empty when there is no AOF (no manifest): the node starts empty, as Redis
     * @throws RdbFileLoad.RdbLoadException when the AOF cannot be loaded (the start is refused)
     */
    static Optional<Loaded> load(Keyspace keyspace, Persistence s) {
        Optional<AofManifest> manifest;
        try {
            manifest = AppendOnlyFile.readManifest(s);
        } catch (AofManifest.ManifestException e) {
            throw fail(e.getMessage(), e);
        } catch (IOException e) {
            throw fail("Fatal error: can't open the AOF manifest " + AppendOnlyFile.manifestFile(s) + " for reading: "
                    + e.getMessage(), e);
        }
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        AofManifest m = manifest.get();
        Path dir = s.aofDirectory();
        List<AofManifest.Entry> files = new ArrayList<>();
        m.base().ifPresent(files::add);
        files.addAll(m.incrs());
        if (files.isEmpty()) {
            return Optional.empty();
        }
        long bytes = 0;
        long commands = 0;
        long baseKeys = 0;
        // Redis loads with propagation off: nothing loaded reaches the stream (or the AOF again).
        PropagationSink sink = keyspace.propagationSink();
        keyspace.propagationSink(PropagationSink.NONE);
        try {
            for (int i = 0; i < files.size(); i++) {
                AofManifest.Entry e = files.get(i);
                Path file = dir.resolve(e.name());
                boolean last = i == files.size() - 1;
                if (!Files.exists(file)) {
                    throw fail("The " + (e.type() == AofManifest.Type.BASE ? "base" : "incr") + " AOF file "
                            + e.name() + " doesn't exist", null);
                }
                long size = Files.size(file);
                if (e.type() == AofManifest.Type.BASE && isRdb(file)) {
                    baseKeys = RdbFileLoad.load(keyspace, file, (b, k) -> { }).map(RdbFileLoad.Loaded::keys).orElse(0L);
                    log.info("DB loaded from base file {}", e.name());
                } else {
                    AofCommandLoad.Result r;
                    try {
                        r = new AofCommandLoad(keyspace).load(file);
                    } catch (AofCommandLoad.UnknownCommandException unknown) {
                        throw fail("Unknown command '" + unknown.command + "' reading the append only file "
                                + e.name(), unknown);
                    }
                    commands += r.commands();
                    switch (r.status()) {
                        case OK -> log.info("DB loaded from {} file {}", e.type() == AofManifest.Type.BASE ? "base"
                                : "incr", e.name());
                        case FORMAT_ERROR -> throw fail("Bad file format reading the append only file " + e.name()
                                + ": make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>",
                                null);
                        case TRUNCATED -> truncated(s, file, e.name(), last, r.validUpTo());
                    }
                }
                bytes += size;
            }
        } catch (IOException e) {
            throw fail("Fatal error loading the AOF: " + e.getMessage(), e);
        } finally {
            keyspace.propagationSink(sink);
        }
        return Optional.of(new Loaded(baseKeys, commands, bytes));
    }

    private static void truncated(Persistence s, Path file, String name, boolean last, long validUpTo)
            throws IOException {
        if (!last) {
            throw fail("Fatal error: the truncated file is not the last file", null);
        }
        log.warn("!!! Warning: short read while loading the AOF file {}!!!", name);
        if (!s.aofLoadTruncated()) {
            throw fail("Unexpected end of file reading the append only file " + name + ". You can: 1) Make a backup "
                    + "of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you "
                    + "can set the 'aof-load-truncated' configuration option to yes and restart the server.", null);
        }
        log.warn("!!! Truncating the AOF {} at offset {} !!!", name, validUpTo);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(validUpTo);
            ch.force(true);
        }
        log.warn("AOF {} loaded anyway because aof-load-truncated is enabled", name);
    }

    /** An RDB file (or preamble) starts with {@code REDIS}, as Redis's loader checks. */
    private static boolean isRdb(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(5), new byte[] {'R', 'E', 'D', 'I', 'S'});
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static RdbFileLoad.RdbLoadException fail(String message, Throwable cause) {
        return new RdbFileLoad.RdbLoadException(message, cause);
    }
}
