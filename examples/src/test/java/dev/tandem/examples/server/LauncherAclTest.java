/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.internal.acl.AclUser;
import dev.tandem.replication.internal.acl.AclUsers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code user} lines and {@code aclfile} in the launcher's configuration, with Redis's start errors. */
class LauncherAclTest {

    @TempDir
    Path dir;

    private LauncherConfig config(String text) throws IOException, ConfigFileException {
        Files.writeString(dir.resolve("redis.conf"), text);
        return new ConfigFileLoader(dir, InputStream.nullInputStream()).load(LauncherCommandLine.parse("redis.conf"));
    }

    private static List<String> list(AclUsers acl) {
        return acl.all().stream().map(AclUser::describe).toList();
    }

    @Test
    void userLinesDefineUsers() throws Exception {
        AclUsers acl = new AclUsers(Optional::empty);
        NodeLauncher.configureUsers(config("user replica-user on >pass +psync +replconf +ping\n"
                + "user default on nopass ~* &* +@all -debug\n"), acl);
        // As redis-server 7.0.15 lists the same two config lines (only the reset default user
        // shows sanitize-payload).
        assertEquals(List.of("user default on nopass sanitize-payload ~* &* +@all -debug",
                "user replica-user on #d74ff0ee8da3b9806b18c877dbf29bbde50b5bd8e4dad7a3a725000feb82e8f1 resetchannels "
                        + "-@all +ping +psync +replconf"), list(acl));
    }

    @Test
    void badOrDuplicateUsersStopTheStart() throws Exception {
        NodeStartException e = assertThrows(NodeStartException.class,
                () -> NodeLauncher.configureUsers(config("user a on foo\n"), new AclUsers(Optional::empty)));
        assertEquals("Error in user declaration 'a': Error in ACL SETUSER modifier 'foo': Syntax error", e.getMessage());
        e = assertThrows(NodeStartException.class,
                () -> NodeLauncher.configureUsers(config("user a on\nuser a off\n"), new AclUsers(Optional::empty)));
        assertTrue(e.getMessage().contains("Duplicate user found"), e.getMessage());
        Files.writeString(dir.resolve("users.acl"), "user b on nopass +get\n");
        e = assertThrows(NodeStartException.class, () -> NodeLauncher.configureUsers(
                config("user a on\naclfile users.acl\n"), new AclUsers(Optional::empty)));
        assertEquals(NodeLauncher.USERS_AND_ACLFILE, e.getMessage());
    }

    @Test
    void aclFileIsLoadedAtStartAndUsedBySave() throws Exception {
        Files.writeString(dir.resolve("users.acl"), "user b on nopass +get\n");
        AclUsers acl = new AclUsers(Optional::empty);
        NodeLauncher.configureUsers(config("aclfile users.acl\n"), acl);
        assertEquals(List.of("user b on nopass resetchannels -@all +get", "user default on nopass ~* &* +@all"),
                list(acl));
        assertEquals(dir.resolve("users.acl"), acl.aclFile());
        Files.writeString(dir.resolve("users.acl"), "user b on bad\n");
        NodeStartException e = assertThrows(NodeStartException.class,
                () -> NodeLauncher.configureUsers(config("aclfile users.acl\n"), new AclUsers(Optional::empty)));
        assertTrue(e.getMessage().startsWith("Aborting Redis startup because of ACL errors: "), e.getMessage());
    }
}
