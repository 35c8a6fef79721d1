/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ACL users over the wire: AUTH as a user, command, key and channel enforcement, ACL subcommands. */
class AclCommandTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b.config(new ServerConfig()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String call(RawClient c, String... args) {
        c.command(args);
        return c.readLine();
    }

    @Test
    void restrictedUserIsEnforced() {
        try (RawClient admin = server.raw(); RawClient c = server.raw()) {
            assertEquals("+OK\r\n", call(admin, "ACL", "SETUSER", "app", "on", ">pw", "~app:*", "%R~ro:*",
                    "&news", "-@all", "+get", "+set", "+publish", "+subscribe", "+acl|whoami"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                    call(c, "AUTH", "app", "bad"));
            assertEquals("+OK\r\n", call(c, "AUTH", "app", "pw"));
            assertEquals("$3\r\n", call(c, "ACL", "WHOAMI"));
            assertEquals("app\r\n", c.readLine());
            assertEquals("+OK\r\n", call(c, "SET", "app:1", "v"));
            assertEquals("-NOPERM this user has no permissions to access one of the keys used as arguments\r\n",
                    call(c, "SET", "ro:1", "v"));
            assertEquals("$-1\r\n", call(c, "GET", "ro:1"));
            assertEquals("-NOPERM this user has no permissions to access one of the keys used as arguments\r\n",
                    call(c, "GET", "other"));
            assertEquals("-NOPERM this user has no permissions to run the 'del' command\r\n",
                    call(c, "DEL", "app:1"));
            assertEquals("-NOPERM this user has no permissions to run the 'acl|users' command\r\n",
                    call(c, "ACL", "USERS"));
            assertEquals(":0\r\n", call(c, "PUBLISH", "news", "x"));
            assertEquals("-NOPERM this user has no permissions to access one of the channels used as arguments\r\n",
                    call(c, "PUBLISH", "sport", "x"));
            assertEquals("+OK\r\n", call(admin, "ACL", "SETUSER", "app", "off"));
            try (RawClient d = server.raw()) {
                assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                        call(d, "AUTH", "app", "pw"));
            }
            assertEquals(":1\r\n", call(admin, "ACL", "DELUSER", "app", "nobody"));
            assertTrue(c.closedByPeer(), "deleting a user disconnects its clients");
        }
    }

    @Test
    void aclSubcommandReplies() {
        try (RawClient c = server.raw()) {
            assertEquals("-ERR The 'default' user cannot be removed\r\n", call(c, "ACL", "DELUSER", "default"));
            assertEquals("-ERR Error in ACL SETUSER modifier 'foo': Syntax error\r\n",
                    call(c, "ACL", "SETUSER", "x", "foo"));
            assertEquals("$-1\r\n", call(c, "ACL", "GETUSER", "nobody"));
            assertEquals("+OK\r\n", call(c, "ACL", "SETUSER", "g", "on", "nopass", "~k", "+get"));
            assertEquals("*12\r\n", call(c, "ACL", "GETUSER", "g"));
            String reply = c.readLike("$5\r\nflags\r\n*2\r\n$2\r\non\r\n$6\r\nnopass\r\n$9\r\npasswords\r\n*0\r\n"
                    + "$8\r\ncommands\r\n$10\r\n-@all +get\r\n$4\r\nkeys\r\n$2\r\n~k\r\n$8\r\nchannels\r\n$0\r\n\r\n"
                    + "$9\r\nselectors\r\n*0\r\n");
            assertEquals("$5\r\nflags\r\n*2\r\n$2\r\non\r\n$6\r\nnopass\r\n$9\r\npasswords\r\n*0\r\n"
                    + "$8\r\ncommands\r\n$10\r\n-@all +get\r\n$4\r\nkeys\r\n$2\r\n~k\r\n$8\r\nchannels\r\n$0\r\n\r\n"
                    + "$9\r\nselectors\r\n*0\r\n", reply);
            assertEquals("$64\r\n", call(c, "ACL", "GENPASS"));
            assertTrue(c.readLine().matches("[0-9a-f]{64}\r\n"));
            assertEquals("$2\r\n", call(c, "ACL", "GENPASS", "5"));
            c.readLine();
            assertEquals("-ERR Unknown category 'nope'\r\n", call(c, "ACL", "CAT", "nope"));
            assertEquals(":1\r\n", call(c, "ACL", "DELUSER", "g"));
        }
    }
}
