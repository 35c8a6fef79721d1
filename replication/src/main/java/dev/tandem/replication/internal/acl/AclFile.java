/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.acl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Redis's ACL file ({@code aclfile}): one {@code user <name> <rule> ...} line per user, read
 * all-or-nothing by ACL LOAD (and at start) and written by ACL SAVE in ACL LIST's form. Error
 * texts are Redis 7.0's, so an operator sees the same message from either server.
 */
public final class AclFile {

    static final String NOT_CONFIGURED = "This Redis instance is not configured to use an ACL file. You may want "
            + "to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a "
            + "Redis configuration file set) in order to store users in the Redis configuration.";
    static final String NO_CHANGE = "WARNING: ACL errors detected, no change to the previously active ACL rules "
            + "was performed";

    private AclFile() {
    }

    /**
     * Parses {@code text} (named {@code fileName} in errors) into users; a missing default user
     * is {@code currentDefault}, kept as it is, as Redis does.
     *
     * @throws AclRuleException with Redis's combined message when any line is wrong
     */
    public static Map<String, AclUser> parse(String text, String fileName, AclUser currentDefault)
            throws AclRuleException {
        Map<String, AclUser> users = new TreeMap<>();
        StringBuilder errors = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("[ \t\r]+");
            if (!words[0].equals("user") || words.length < 2) {
                errors.append(fileName).append(':').append(lineNumber)
                        .append(" should start with user keyword followed by the username. ");
                continue;
            }
            String name = words[1];
            if (users.containsKey(name)) {
                errors.append("WARNING: Duplicate user '").append(name).append("' found on line ")
                        .append(lineNumber).append(". ");
                continue;
            }
            AclUser user = new AclUser(name);
            try {
                user.apply(Arrays.asList(words).subList(2, words.length), false);
            } catch (AclRuleException e) {
                errors.append(fileName).append(':').append(lineNumber).append(": ").append(e.getMessage()).append(". ");
                continue;
            }
            users.put(name, user);
        }
        if (errors.length() > 0) {
            throw new AclRuleException(errors.append(NO_CHANGE).toString());
        }
        users.putIfAbsent(AclUsers.DEFAULT, currentDefault);
        return users;
    }

    /** Reads {@code file}; an unreadable file is Redis's "Error loading ACLs" reason. */
    public static Map<String, AclUser> load(Path file, AclUser currentDefault) throws AclRuleException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AclRuleException("Error loading ACLs, opening file '" + file + "': " + e.getMessage());
        }
        return parse(text, file.toString(), currentDefault);
    }

    /** Writes the users in ACL LIST's form through a temporary file and a rename, as Redis does. */
    public static void save(Path file, List<AclUser> users) throws IOException {
        StringBuilder out = new StringBuilder();
        users.forEach(u -> out.append(u.describe()).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.writeString(tmp, out, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
