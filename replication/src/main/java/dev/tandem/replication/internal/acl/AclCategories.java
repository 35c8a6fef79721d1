/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.acl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Redis 7.0's ACL categories and the commands in each, read from {@code categories.txt}
 * (generated from a real redis-server by {@code scripts/gen-acl-categories.sh}, so the table is
 * Redis's own). A command with subcommands appears only as its subcommands
 * ({@code config|get}), as {@code ACL CAT} lists them: permissions are kept per such leaf.
 */
public final class AclCategories {

    private static final AclCategories INSTANCE = load();

    /** Category name to its leaves, in Redis's category order (the order ACL LIST tries them). */
    private final Map<String, Set<String>> byCategory;
    /** Every leaf command Redis has, sorted. */
    private final Set<String> leaves;

    private AclCategories(Map<String, Set<String>> byCategory) {
        this.byCategory = byCategory;
        TreeSet<String> all = new TreeSet<>();
        byCategory.values().forEach(all::addAll);
        this.leaves = Collections.unmodifiableSet(all);
    }

    public static AclCategories get() {
        return INSTANCE;
    }

    private static AclCategories load() {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        try (InputStream in = AclCategories.class.getResourceAsStream("categories.txt")) {
            if (in == null) {
                throw new IllegalStateException("categories.txt missing from the acl package");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                TreeSet<String> commands = new TreeSet<>();
                for (String c : line.substring(colon + 1).trim().split(" ")) {
                    if (!c.isEmpty()) {
                        commands.add(c);
                    }
                }
                map.put(line.substring(0, colon), Collections.unmodifiableSet(commands));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AclCategories(Collections.unmodifiableMap(map));
    }

    /** Category names in Redis's order. */
    public List<String> names() {
        return new ArrayList<>(byCategory.keySet());
    }

    /** The leaves of {@code category} (lower case), or null when there is no such category. */
    public Set<String> commands(String category) {
        return byCategory.get(category);
    }

    public Set<String> leaves() {
        return leaves;
    }

    /** Whether {@code name} is a container: Redis keeps its permissions per subcommand. */
    public boolean isContainer(String name) {
        String prefix = name + "|";
        String next = leaves.stream().filter(l -> l.compareTo(prefix) >= 0).findFirst().orElse("");
        return next.startsWith(prefix);
    }

    /** The leaves of container {@code name}. */
    public List<String> subcommands(String name) {
        String prefix = name + "|";
        List<String> out = new ArrayList<>();
        for (String l : ((TreeSet<String>) new TreeSet<>(leaves)).tailSet(prefix)) {
            if (!l.startsWith(prefix)) {
                break;
            }
            out.add(l);
        }
        return out;
    }
}
