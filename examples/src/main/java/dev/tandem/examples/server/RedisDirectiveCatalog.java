/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The directives redis-server 7.0 knows, so that the launcher can tell a Redis directive
 * Tandem does not implement (a warning) from a misspelt or unknown one (a fatal error, as in
 * Redis). Loaded from {@code redis-7.0-directives.tsv}, captured from a real redis-server
 * 7.0.15 (the file's header says how).
 */
final class RedisDirectiveCatalog {

    /** In the replication module, whose server answers CONFIG GET of these directives too: one copy of the table. */
    private static final String RESOURCE = "/dev/tandem/replication/internal/server/redis-7.0-directives.tsv";

    /** One entry of Redis's configuration table. */
    record Entry(String name, boolean multiArgument, String defaultValue) {
    }

    private final Map<String, Entry> entries;

    private RedisDirectiveCatalog(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** The catalogue of redis-server 7.0.15. */
    static RedisDirectiveCatalog redis70() {
        return Holder.REDIS_70;
    }

    private static final class Holder {
        static final RedisDirectiveCatalog REDIS_70 = load();
    }

    private static RedisDirectiveCatalog load() {
        try (InputStream in = RedisDirectiveCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (columns.length != 3 || !(columns[1].equals("single") || columns[1].equals("multi"))) {
                    throw new IllegalStateException(RESOURCE + " line " + number + " is malformed: " + line);
                }
                entries.put(columns[0], new Entry(columns[0], columns[1].equals("multi"), columns[2]));
            }
            return new RedisDirectiveCatalog(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The entry for a lower-case directive name (aliases such as {@code slave-read-only} included). */
    Optional<Entry> lookup(String lowerCaseName) {
        return Optional.ofNullable(entries.get(lowerCaseName));
    }

    Set<String> names() {
        return entries.keySet();
    }
}
