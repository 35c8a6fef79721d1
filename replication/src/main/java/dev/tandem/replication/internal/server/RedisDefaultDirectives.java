/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

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
 * The last source of {@code CONFIG GET}: every directive redis-server 7.0.15 has, at Redis's
 * default, for the directives no other source (the registry, persistence, SLOWLOG/LATENCY)
 * answers for — so that a client reading {@code maxmemory-clients} or {@code lua-time-limit}
 * gets Redis's value rather than nothing. Tandem does not act on them; {@code CONFIG SET} of one
 * is refused with a reason saying so (accepting it would pretend to a behaviour Tandem does not
 * have). The table is {@code redis-7.0-directives.tsv}, captured from a real redis-server 7.0.15
 * (its header says how), shared with the launcher.
 */
final class RedisDefaultDirectives implements ConfigDirectives {

    static final String NOT_IMPLEMENTED = "Tandem does not implement this Redis directive";
    private static final String RESOURCE = "redis-7.0-directives.tsv";

    private static final Map<String, String> DEFAULTS = load();

    private static Map<String, String> load() {
        try (InputStream in = RedisDefaultDirectives.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            Map<String, String> out = new LinkedHashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (columns.length != 3) {
                    throw new IllegalStateException(RESOURCE + " is malformed: " + line);
                }
                out.put(columns[0], columns[2]);
            }
            return Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @Override
    public Set<String> names() {
        return DEFAULTS.keySet();
    }

    @Override
    public Optional<String> get(String name) {
        return Optional.ofNullable(DEFAULTS.get(name));
    }

    @Override
    public String nameRefusal(String name) {
        return NOT_IMPLEMENTED;
    }

    @Override
    public Runnable prepare(Map<String, String> changes) {
        throw new ConfigRejectedException(changes.keySet().iterator().next(), NOT_IMPLEMENTED);
    }
}
