/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.acl;

/**
 * Why the ACL refused a command, in the three forms Redis 7.0 reports it: the client's NOPERM
 * error, the ACL LOG entry's reason and object, and ACL DRYRUN's message.
 *
 * @param reason {@code command}, {@code key} or {@code channel} (ACL LOG's reason)
 * @param object the command's full name, the key or the channel
 */
public record AclDenial(String reason, String object) {

    public static AclDenial command(String fullName) {
        return new AclDenial("command", fullName);
    }

    public static AclDenial key(String key) {
        return new AclDenial("key", key);
    }

    public static AclDenial channel(String channel) {
        return new AclDenial("channel", channel);
    }

    /** The error reply, without naming the key or channel (Redis does not leak them). */
    public String noperm() {
        return switch (reason) {
            case "command" -> "NOPERM this user has no permissions to run the '" + object + "' command";
            case "key" -> "NOPERM this user has no permissions to access one of the keys used as arguments";
            default -> "NOPERM this user has no permissions to access one of the channels used as arguments";
        };
    }

    /** ACL DRYRUN's reply text. */
    public String dryRun() {
        return switch (reason) {
            case "command" -> "This user has no permissions to run the '" + object + "' command";
            case "key" -> "This user has no permissions to access the '" + object + "' key";
            default -> "This user has no permissions to access the '" + object + "' channel";
        };
    }
}
