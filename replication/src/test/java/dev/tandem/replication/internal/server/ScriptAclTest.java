/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ACL inside scripts, as Redis 7.0's scriptVerifyACL and redis.acl_check_cmd (the texts were
 * checked against redis-server 7.0.15; unit/scripting's "Script ACL check").
 */
class ScriptAclTest {

    @Test
    void scriptsRunWithTheCallersPermissions() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient admin = RespClient.connect("127.0.0.1", node.port());
             RespClient bob = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals("OK", admin.callString("ACL", "SETUSER", "bob", "on", ">123", "+@scripting", "+set",
                    "~x*"));
            assertEquals("OK", bob.callString("AUTH", "bob", "123"));
            assertEquals(1L, bob.call("EVAL", "return redis.acl_check_cmd('set','xx',1)", "1", "xx"));
            assertNull(bob.call("EVAL", "return redis.acl_check_cmd('hset','xx','f',1)", "1", "xx"));
            assertNull(bob.call("EVAL", "return redis.acl_check_cmd('set','yy',1)", "0"));
            Object invalid = bob.call("EVAL", "return redis.acl_check_cmd('invalid-cmd','arg')", "0");
            assertTrue(((RespClient.ErrorReply) invalid).text()
                    .startsWith("ERR Invalid command passed to redis.acl_check_cmd()"), invalid.toString());

            Object command = bob.call("EVAL", "return redis.call('hset','xx','f','1')", "1", "xx");
            assertTrue(((RespClient.ErrorReply) command).text().startsWith(
                    "ERR The user executing the script can't run this command or subcommand script:"), command.toString());
            Object key = bob.call("EVAL", "return redis.call('set','yy','1')", "0");
            assertTrue(((RespClient.ErrorReply) key).text().startsWith("ERR The user executing the script can't "
                    + "access at least one of the keys mentioned in the command arguments script:"), key.toString());
            assertEquals("OK", bob.call("EVAL", "return redis.call('set','xx','1')", "1", "xx"));
            // The script's own keys (numkeys) are checked before it runs.
            Object outer = bob.call("EVAL", "return 1", "1", "yy");
            assertEquals("NOPERM this user has no permissions to access one of the keys used as arguments",
                    ((RespClient.ErrorReply) outer).text());

            // The refusals inside the script are in ACL LOG with context lua.
            List<?> log = (List<?>) admin.call("ACL", "LOG");
            List<?> newest = (List<?>) log.get(1); // [0] is the toplevel key refusal of yy
            assertEquals("[count, 1, reason, key, context, lua, object, yy, username, bob]",
                    render(newest.subList(0, 10)));
        }
    }

    private static String render(List<?> items) {
        StringBuilder out = new StringBuilder("[");
        for (Object o : items) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o));
        }
        return out.append(']').toString();
    }
}
