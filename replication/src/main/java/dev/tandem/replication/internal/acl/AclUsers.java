/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.acl;

import dev.tandem.replication.internal.config.ByteStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The server's ACL users. The {@code default} user always exists (on, {@code ~* &* +@all}) and
 * follows {@code requirepass} as Redis does: whenever the configured password changes, the
 * default user gets {@code resetpass} then {@code >password} (or {@code nopass} when empty);
 * in between, {@code ACL SETUSER default ...} may change it freely.
 */
public final class AclUsers {

    public static final String DEFAULT = "default";

    private final Supplier<Optional<String>> requirepass;
    private final TreeMap<String, AclUser> users = new TreeMap<>();
    private final AclLog log = new AclLog();
    /** The requirepass value last applied to the default user. */
    private Optional<String> syncedPassword;

    public AclUsers(Supplier<Optional<String>> requirepass) {
        this.requirepass = Objects.requireNonNull(requirepass);
        AclUser def = new AclUser(DEFAULT);
        try {
            def.apply(List.of("on", "nopass", "~*", "&*", "+@all"));
        } catch (AclRuleException e) {
            throw new IllegalStateException(e);
        }
        users.put(DEFAULT, def);
        syncedPassword = Optional.empty();
        syncDefault();
    }

    /** Applies a changed requirepass to the default user (Redis's ACLUpdateDefaultUserPassword). */
    private synchronized void syncDefault() {
        Optional<String> now = requirepass.get();
        if (now.equals(syncedPassword)) {
            return;
        }
        syncedPassword = now;
        AclUser def = users.get(DEFAULT);
        try {
            def.apply(now.isEmpty() ? List.of("nopass") : List.of("resetpass", ">" + now.get()));
        } catch (AclRuleException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code aclfile}, or null when users come from elsewhere. */
    private volatile java.nio.file.Path aclFile;

    /** Sets the {@code aclfile} ACL LOAD and ACL SAVE use (null: none). */
    public void aclFile(java.nio.file.Path file) {
        this.aclFile = file;
    }

    public java.nio.file.Path aclFile() {
        return aclFile;
    }

    /**
     * ACL LOAD: replaces every user with the file's, or nothing on any error.
     *
     * @return the users whose definitions were replaced or removed (their clients are disconnected)
     */
    public synchronized List<AclUser> load() throws AclRuleException {
        java.nio.file.Path file = aclFile;
        if (file == null) {
            throw new AclRuleException(AclFile.NOT_CONFIGURED);
        }
        Map<String, AclUser> loaded = AclFile.load(file, defaultUser());
        List<AclUser> replaced = new ArrayList<>(users.values());
        replaced.remove(loaded.get(DEFAULT));
        replaceAll(loaded);
        return replaced;
    }

    /** ACL SAVE. */
    public void save() throws AclRuleException, java.io.IOException {
        java.nio.file.Path file = aclFile;
        if (file == null) {
            throw new AclRuleException(AclFile.NOT_CONFIGURED);
        }
        AclFile.save(file, all());
    }

    /** ACL LOG's entries. */
    public AclLog log() {
        return log;
    }

    /** The user called {@code name}, or null. */
    public synchronized AclUser get(String name) {
        syncDefault();
        return users.get(name);
    }

    public AclUser defaultUser() {
        return get(DEFAULT);
    }

    /**
     * Whether new connections start unauthenticated: Redis's rule is that the default user is
     * off or has a password.
     */
    public boolean authRequired() {
        AclUser def = defaultUser();
        return !def.nopass() || !def.enabled();
    }

    /**
     * The user named {@code name} if {@code password} is one of its passwords and it is on; null
     * otherwise (Redis does not say which of the two failed).
     */
    public AclUser authenticate(byte[] name, byte[] password) {
        AclUser user = get(ByteStrings.decode(name));
        return user != null && user.checkPassword(password) ? user : null;
    }

    /**
     * ACL SETUSER: creates the user when missing, then applies {@code rules} atomically.
     *
     * @return the user
     */
    public synchronized AclUser setUser(String name, List<String> rules) throws AclRuleException {
        syncDefault();
        AclUser existing = users.get(name);
        AclUser user = existing != null ? existing : new AclUser(name);
        user.apply(rules);
        users.put(name, user);
        return user;
    }

    /** ACL DELUSER of one user; the default user cannot be removed (checked by the caller). */
    public synchronized AclUser delete(String name) {
        return users.remove(name);
    }

    /** Users sorted by name, as ACL USERS and ACL LIST list them. */
    public synchronized List<AclUser> all() {
        syncDefault();
        return new ArrayList<>(users.values());
    }

    /** Replaces every user (ACL LOAD): {@code loaded} must contain the default user. */
    public synchronized void replaceAll(Map<String, AclUser> loaded) {
        users.clear();
        users.putAll(loaded);
        syncedPassword = requirepass.get();
    }
}
