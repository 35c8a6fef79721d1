/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

/**
 * The ACL of the client a command runs for, as the code that runs commands inside the keyspace
 * (scripts) needs it: the server installs one per connection ({@link ClientState#aclGate(AclGate)}),
 * core and the scripting engine only ask it. Without one (the embedded API, a replica's link),
 * everything is allowed.
 */
public interface AclGate {

    /** What was refused: Redis's ACL_DENIED_* kinds. */
    enum Denial { COMMAND, KEY, CHANNEL }

    /**
     * Whether the client's user may run {@code argv} (argv[0] the command), or what it may not;
     * null when allowed. {@code logAs} non-null adds an ACL LOG entry with that context
     * ({@code "lua"}) for a refusal; null checks silently (redis.acl_check_cmd).
     */
    Denial check(byte[][] argv, String logAs);
}
