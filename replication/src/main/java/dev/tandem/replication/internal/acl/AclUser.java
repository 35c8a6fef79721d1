/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.acl;

import dev.tandem.core.internal.command.GlobPattern;
import dev.tandem.replication.internal.config.ByteStrings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One ACL user with Redis 7.0's root-selector model: enabled flag, SHA-256 password hashes (or
 * nopass), command permission bits per command and per subcommand, key patterns with read/write
 * flags and channel patterns. Rules apply in order, as {@code ACL SETUSER} does; {@link #describe}
 * renders them back in Redis's canonical order. Guarded by its own monitor: connections read it
 * while {@code ACL SETUSER} changes it.
 */
public final class AclUser {

    static final String UNKNOWN = "Unknown command or category name in ACL";
    static final String SYNTAX = "Syntax error";
    static final String BAD_HASH = "The password hash must be exactly 64 characters and contain only "
            + "lowercase hexadecimal characters";
    static final String KEYS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid "
            + "and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
    static final String CHANNELS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allchannels' flag) is "
            + "not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";
    static final String NO_SUCH_PASSWORD = "The password you are trying to remove from the user does not exist";

    /** A key pattern with the access it grants ({@code ~} both, {@code %R~} read, {@code %W~} write). */
    record KeyPattern(String pattern, boolean read, boolean write) {
        String render() {
            return (read && write ? "" : read ? "%R" : "%W") + "~" + pattern;
        }
    }

    private final String name;
    private boolean enabled;
    private boolean nopass;
    /**
     * Redis's RESTORE payload flags: 0 none, 1 {@code sanitize-payload}, 2 {@code skip-sanitize-payload}.
     * Recorded and shown only: Tandem always checks RESTORE payloads whole.
     */
    private int sanitize;
    private final LinkedHashSet<String> passwords = new LinkedHashSet<>();
    /** Set by +@all/allcommands: commands Redis does not know (Tandem's own) are allowed too. */
    private boolean allCommands;
    /** Allowed commands: plain commands, containers and {@code container|sub} leaves. */
    private final Set<String> allowed = new HashSet<>();
    private boolean allKeys;
    private final List<KeyPattern> keys = new ArrayList<>();
    private boolean allChannels;
    private final List<String> channels = new ArrayList<>();
    /**
     * Redis 7.0's selectors {@code (...)}: further permission sets, each with its own commands,
     * keys and channels; a command is allowed when the user's own rules (the root selector) or
     * any selector allow it whole. A selector is an {@code AclUser} holding only permissions; it
     * is never changed once added (a copy of the list is enough for atomic updates).
     */
    private final List<AclUser> selectors = new ArrayList<>();

    /** A new user as Redis creates it: off, no passwords, no commands, keys or channels. */
    public AclUser(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public synchronized boolean enabled() {
        return enabled;
    }

    public synchronized boolean nopass() {
        return nopass;
    }

    /**
     * Applies {@code rules} atomically: on an error nothing changes, and the message is ACL
     * SETUSER's ({@code Error in ACL SETUSER modifier '<rule>': <reason>}).
     */
    public synchronized void apply(List<String> rules) throws AclRuleException {
        apply(rules, true);
    }

    /** As {@link #apply(List)}; {@code nameRule} false leaves the bare reason (ACL files' form). */
    synchronized void apply(List<String> rules, boolean nameRule) throws AclRuleException {
        AclUser copy = copy();
        for (String rule : mergeSelectors(rules)) {
            try {
                copy.applyOne(rule);
            } catch (AclRuleException e) {
                throw nameRule ? new AclRuleException("Error in ACL SETUSER modifier '" + rule + "': "
                        + e.getMessage()) : e;
            }
        }
        synchronized (copy) {
            enabled = copy.enabled;
            nopass = copy.nopass;
            sanitize = copy.sanitize;
            passwords.clear();
            passwords.addAll(copy.passwords);
            allCommands = copy.allCommands;
            allowed.clear();
            allowed.addAll(copy.allowed);
            allKeys = copy.allKeys;
            keys.clear();
            keys.addAll(copy.keys);
            allChannels = copy.allChannels;
            channels.clear();
            channels.addAll(copy.channels);
            selectors.clear();
            selectors.addAll(copy.selectors);
        }
    }

    /**
     * Joins the words of a selector given as several arguments ({@code "(~x" "+get)"}) into one
     * rule, as Redis's ACLMergeSelectorArguments; an unclosed one is Redis's error.
     */
    static List<String> mergeSelectors(List<String> rules) throws AclRuleException {
        List<String> merged = new ArrayList<>(rules.size());
        StringBuilder open = null;
        String openedBy = null;
        for (String rule : rules) {
            if (open == null && rule.startsWith("(") && !rule.endsWith(")")) {
                open = new StringBuilder(rule);
                openedBy = rule;
            } else if (open != null) {
                open.append(' ').append(rule);
                if (rule.endsWith(")")) {
                    merged.add(open.toString());
                    open = null;
                }
            } else {
                merged.add(rule);
            }
        }
        if (open != null) {
            throw new AclRuleException("Unmatched parenthesis in acl selector starting at '" + openedBy + "'.");
        }
        return merged;
    }

    /** A copy under another name (used for atomic updates and for ACL SETUSER of a new user). */
    synchronized AclUser copy() {
        AclUser c = new AclUser(name);
        c.enabled = enabled;
        c.nopass = nopass;
        c.sanitize = sanitize;
        c.passwords.addAll(passwords);
        c.allCommands = allCommands;
        c.allowed.addAll(allowed);
        c.allKeys = allKeys;
        c.keys.addAll(keys);
        c.allChannels = allChannels;
        c.channels.addAll(channels);
        c.selectors.addAll(selectors);
        return c;
    }

    private void applyOne(String rule) throws AclRuleException {
        String lower = rule.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "on" -> enabled = true;
            case "sanitize-payload" -> sanitize = 1;
            case "skip-sanitize-payload" -> sanitize = 2;
            case "off" -> enabled = false;
            case "nopass" -> {
                nopass = true;
                passwords.clear();
            }
            case "resetpass" -> {
                nopass = false;
                passwords.clear();
            }
            case "allkeys", "~*" -> {
                allKeys = true;
                keys.clear();
            }
            case "resetkeys" -> {
                allKeys = false;
                keys.clear();
            }
            case "allchannels", "&*" -> {
                allChannels = true;
                channels.clear();
            }
            case "resetchannels" -> {
                allChannels = false;
                channels.clear();
            }
            case "allcommands", "+@all" -> {
                allCommands = true;
                allowed.addAll(universe());
            }
            case "nocommands", "-@all" -> {
                allCommands = false;
                allowed.clear();
            }
            case "reset" -> {
                for (String r : List.of("resetpass", "resetkeys", "resetchannels", "off", "clearselectors", "-@all",
                        "sanitize-payload")) {
                    applyOne(r);
                }
            }
            case "clearselectors" -> selectors.clear();
            default -> {
                if (rule.length() >= 2 && rule.startsWith("(") && rule.endsWith(")")) {
                    selectors.add(selector(rule.substring(1, rule.length() - 1)));
                } else {
                    applyPattern(rule, lower);
                }
            }
        }
    }

    /**
     * A selector from the rules inside its parentheses, split on spaces. Only permission rules
     * belong there (as Redis's ACLSetSelector): user flags and passwords are a syntax error.
     */
    private static AclUser selector(String inner) throws AclRuleException {
        AclUser s = new AclUser("");
        for (String rule : inner.trim().split(" +")) {
            if (rule.isEmpty()) {
                continue;
            }
            String lower = rule.toLowerCase(java.util.Locale.ROOT);
            char first = rule.charAt(0);
            boolean permission = switch (lower) {
                case "allkeys", "resetkeys", "allchannels", "resetchannels", "allcommands", "nocommands" -> true;
                default -> first == '~' || first == '%' || first == '&' || first == '+' || first == '-';
            };
            if (!permission) {
                throw new AclRuleException(SYNTAX);
            }
            s.applyOne(rule);
        }
        return s;
    }

    private void applyPattern(String rule, String lower) throws AclRuleException {
        char first = rule.isEmpty() ? 0 : rule.charAt(0);
        if (first == '>' || first == '<') {
            String hash = sha256Hex(ByteStrings.encode(rule.substring(1))); // the client's bytes
            removeOrAddPassword(first == '>', hash);
        } else if (first == '#' || first == '!') {
            String hash = rule.substring(1);
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new AclRuleException(BAD_HASH);
            }
            removeOrAddPassword(first == '#', hash);
        } else if (first == '~' || first == '%') {
            boolean read = true;
            boolean write = true;
            String pattern = rule.substring(1);
            if (first == '%') {
                int tilde = rule.indexOf('~');
                if (tilde < 2) {
                    throw new AclRuleException(SYNTAX);
                }
                read = false;
                write = false;
                for (char c : rule.substring(1, tilde).toCharArray()) {
                    if (c == 'R' || c == 'r') {
                        read = true;
                    } else if (c == 'W' || c == 'w') {
                        write = true;
                    } else {
                        throw new AclRuleException(SYNTAX);
                    }
                }
                pattern = rule.substring(tilde + 1);
            }
            if (allKeys) {
                throw new AclRuleException(KEYS_AFTER_ALL);
            }
            if (read && write && pattern.equals("*")) {
                applyOne("allkeys");
                return;
            }
            addKey(new KeyPattern(pattern, read, write));
        } else if (first == '&') {
            if (allChannels) {
                throw new AclRuleException(CHANNELS_AFTER_ALL);
            }
            String pattern = rule.substring(1);
            if (pattern.equals("*")) {
                applyOne("allchannels");
            } else if (!channels.contains(pattern)) {
                channels.add(pattern);
            }
        } else if ((first == '+' || first == '-') && lower.length() > 1) {
            boolean allow = first == '+';
            if (lower.charAt(1) == '@') {
                Set<String> members = AclCategories.get().commands(lower.substring(2));
                if (members == null) {
                    throw new AclRuleException(UNKNOWN);
                }
                setAll(members, allow);
            } else {
                setCommand(lower.substring(1), allow);
            }
        } else {
            throw new AclRuleException(SYNTAX);
        }
    }

    private void removeOrAddPassword(boolean add, String hash) throws AclRuleException {
        if (add) {
            passwords.add(hash);
            nopass = false;
        } else if (!passwords.remove(hash)) {
            throw new AclRuleException(NO_SUCH_PASSWORD);
        }
    }

    private void addKey(KeyPattern pattern) {
        // Redis merges the flags of a pattern given twice (~a then %W~a stays ~a).
        for (int i = 0; i < keys.size(); i++) {
            KeyPattern k = keys.get(i);
            if (k.pattern().equals(pattern.pattern())) {
                keys.set(i, new KeyPattern(k.pattern(), k.read() || pattern.read(), k.write() || pattern.write()));
                return;
            }
        }
        keys.add(pattern);
    }

    private void setAll(Set<String> members, boolean allow) {
        if (allow) {
            allowed.addAll(members);
        } else {
            allowed.removeAll(members);
        }
    }

    private void setCommand(String command, boolean allow) throws AclRuleException {
        AclCategories cats = AclCategories.get();
        int bar = command.indexOf('|');
        if (bar >= 0) {
            if (!cats.leaves().contains(command)) {
                throw new AclRuleException(UNKNOWN);
            }
            setAll(Set.of(command), allow);
        } else if (cats.isContainer(command)) {
            Set<String> all = new HashSet<>(cats.subcommands(command));
            all.add(command);
            setAll(all, allow);
        } else if (cats.leaves().contains(command)) {
            setAll(Set.of(command), allow);
        } else {
            throw new AclRuleException(UNKNOWN);
        }
    }

    /** Every permission bit Redis has: plain commands, containers and their subcommands. */
    private static Set<String> universe() {
        Set<String> all = new TreeSet<>(AclCategories.get().leaves());
        for (String leaf : AclCategories.get().leaves()) {
            int bar = leaf.indexOf('|');
            if (bar > 0) {
                all.add(leaf.substring(0, bar));
            }
        }
        return all;
    }

    // ---- checks ----

    /** Whether {@code password} is one of the user's (or the user has nopass); false when off. */
    public synchronized boolean checkPassword(byte[] password) {
        if (!enabled) {
            return false;
        }
        if (nopass) {
            return true;
        }
        byte[] hash = sha256Hex(password).getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (String p : passwords) {
            ok |= MessageDigest.isEqual(hash, p.getBytes(StandardCharsets.US_ASCII));
        }
        return ok;
    }

    /**
     * Whether the user may run {@code command} ({@code subcommand} null for a plain command).
     * Commands Redis does not have are allowed only with +@all.
     */
    public synchronized boolean canRun(String command, String subcommand) {
        AclCategories cats = AclCategories.get();
        if (subcommand != null && cats.leaves().contains(command + "|" + subcommand)) {
            return allowed.contains(command + "|" + subcommand);
        }
        if (cats.leaves().contains(command) || cats.isContainer(command)) {
            return allowed.contains(command);
        }
        return allCommands;
    }

    /** Whether every key is allowed ({@code allkeys}). */
    public synchronized boolean allKeys() {
        return allKeys;
    }

    /** Whether every channel is allowed ({@code allchannels}). */
    public synchronized boolean allChannels() {
        return allChannels;
    }

    /**
     * Whether {@code key} may be used with the key-spec {@code flags} ({@code KeySpec} bits), as
     * Redis's ACLSelectorCheckKey: {@code access} needs read permission, {@code insert},
     * {@code delete} and {@code update} need write permission (RO/RW/OW/RM say nothing here);
     * a key without those flags needs only a matching pattern.
     */
    public boolean canAccessKey(byte[] key, int flags) {
        boolean read = (flags & dev.tandem.core.internal.command.KeySpec.ACCESS) != 0;
        boolean write = (flags & (dev.tandem.core.internal.command.KeySpec.INSERT
                | dev.tandem.core.internal.command.KeySpec.DELETE | dev.tandem.core.internal.command.KeySpec.UPDATE)) != 0;
        return canAccessKey(key, read, write);
    }

    /** Whether {@code key} may be accessed for reading and/or writing. */
    public synchronized boolean canAccessKey(byte[] key, boolean read, boolean write) {
        if (allKeys) {
            return true;
        }
        for (KeyPattern k : keys) {
            if ((!read || k.read()) && (!write || k.write())
                    && GlobPattern.matches(ByteStrings.encode(k.pattern()), key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code channel} may be used: a channel matches the user's patterns; a pattern given
     * to PSUBSCRIBE must equal one of them literally, as Redis 7.0 requires.
     */
    public synchronized boolean canAccessChannel(byte[] channel, boolean isPattern) {
        if (allChannels) {
            return true;
        }
        for (String c : channels) {
            byte[] p = ByteStrings.encode(c);
            if (isPattern ? java.util.Arrays.equals(p, channel) : GlobPattern.matches(p, channel)) {
                return true;
            }
        }
        return false;
    }

    // ---- rendering ----

    /** The flags ACL GETUSER lists. */
    public synchronized List<String> flags() {
        List<String> f = new ArrayList<>();
        f.add(enabled ? "on" : "off");
        if (nopass) {
            f.add("nopass");
        }
        if (sanitize == 2) {
            f.add("skip-sanitize-payload");
        } else if (sanitize == 1) {
            f.add("sanitize-payload");
        }
        return f;
    }

    public synchronized List<String> passwords() {
        return new ArrayList<>(passwords);
    }

    /** The key rules as ACL GETUSER shows them ({@code ~*} for allkeys). */
    public synchronized String describeKeys() {
        if (allKeys) {
            return "~*";
        }
        List<String> out = new ArrayList<>();
        keys.forEach(k -> out.add(k.render()));
        return String.join(" ", out);
    }

    /** The channel rules as ACL GETUSER shows them ({@code &*} for allchannels). */
    public synchronized String describeChannels() {
        if (allChannels) {
            return "&*";
        }
        List<String> out = new ArrayList<>();
        channels.forEach(c -> out.add("&" + c));
        return String.join(" ", out);
    }

    /**
     * The command rules as Redis 7.0 rebuilds them: {@code +@all} or {@code -@all}, then each
     * category (in Redis's order) that brings the rules closer to the user's permissions, then the single commands that
     * still differ. Redis lists those singles in its command table's hash order, which changes
     * from run to run; Tandem lists them sorted.
     */
    public synchronized String describeCommands() {
        AclUser fake = new AclUser(name);
        StringBuilder out = new StringBuilder(allCommands ? "+@all" : "-@all");
        if (allCommands) {
            fake.allCommands = true;
            fake.allowed.addAll(universe());
        }
        boolean additive = !allCommands;
        AclCategories cats = AclCategories.get();
        for (String category : cats.names()) {
            int on = 0;
            int off = 0;
            // Counted against what the rules so far give: a category is emitted only when it
            // fixes more commands than it breaks (so +@read -keys, not +@read +@set -sadd ...).
            for (String c : cats.commands(category)) {
                if (fake.allowed.contains(c) == additive) {
                    continue; // the category would not change this one
                }
                if (allowed.contains(c)) {
                    on++;
                } else {
                    off++;
                }
            }
            if (additive ? on > off : off > on) {
                fake.setAll(cats.commands(category), additive);
                out.append(additive ? " +@" : " -@").append(category);
            }
        }
        for (String c : universe()) {
            boolean mine = allowed.contains(c);
            if (mine != fake.allowed.contains(c)) {
                out.append(mine ? " +" : " -").append(c);
                try {
                    fake.setCommand(c, mine);
                } catch (AclRuleException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out.toString();
    }

    /** The user's rules in ACL LIST's order: flags, passwords, keys, channels, commands. */
    public synchronized String describe() {
        StringBuilder out = new StringBuilder("user ").append(name);
        flags().forEach(f -> out.append(' ').append(f));
        passwords.forEach(p -> out.append(" #").append(p));
        out.append(' ').append(describePermissions());
        for (AclUser s : selectors) {
            out.append(" (").append(s.describePermissions()).append(')');
        }
        return out.toString();
    }

    /** Keys, channels and commands as ACL LIST writes a selector (Redis's ACLDescribeSelector). */
    synchronized String describePermissions() {
        StringBuilder out = new StringBuilder();
        String k = describeKeys();
        if (!k.isEmpty()) {
            out.append(k).append(' ');
        }
        if (!allChannels) {
            out.append("resetchannels ");
        }
        String ch = describeChannels();
        if (!ch.isEmpty()) {
            out.append(ch).append(' ');
        }
        return out.append(describeCommands()).toString();
    }

    /** The selectors beyond the user's own rules, in the order they were added. */
    public synchronized List<AclUser> selectors() {
        return new ArrayList<>(selectors);
    }

    /** The root selector (the user itself) then each selector: the permission sets to try in order. */
    public synchronized List<AclUser> permissionSets() {
        List<AclUser> all = new ArrayList<>(selectors.size() + 1);
        all.add(this);
        all.addAll(selectors);
        return all;
    }

    static String sha256Hex(byte[] password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
