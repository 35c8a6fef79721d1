/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * ACL rule parsing and rendering; the expected strings are what redis-server 7.0.15 printed for
 * the same ACL SETUSER calls.
 */
class AclUserTest {

    private static AclUser user(String name, String... rules) throws AclRuleException {
        AclUser u = new AclUser(name);
        u.apply(List.of(rules));
        return u;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rendersAsRedisDoes() throws Exception {
        assertEquals("user alice off resetchannels -@all", user("alice").describe());
        assertEquals("user bob on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~k* %R~r* "
                        + "resetchannels &ch -@all +@hash -hget +set", // singles sorted, Redis: hash order
                user("bob", "on", ">pw", "~k*", "%R~r*", "&ch", "+get", "-@all", "+set", "+@hash", "-hget").describe());
        assertEquals("user x1 off resetchannels +@all -get", user("x1", "+@all", "-get").describe());
        assertEquals("user x2 off nopass ~* &* -@all +config|get", user("x2", "-@all", "+config|get",
                "#d74ff0ee8da3b9806b18c877dbf29bbde50b5bd8e4dad7a3a725000feb82e8f1", "nopass", "allkeys",
                "allchannels").describe());
        assertEquals("user x3 on nopass ~a %W~b ~c resetchannels -@all +@read -keys -sort_ro",
                user("x3", "on", "nopass", "-@all", "+@read", "-@dangerous", "~a", "%W~b", "%RW~c").describe());
        assertEquals("user x4 off resetchannels +@all -config", user("x4", "+@all", "-config").describe());
        assertEquals("user default on nopass ~* &* +@all",
                new AclUsers(Optional::empty).defaultUser().describe());
    }

    @Test
    void replicationUserRecipe() throws Exception {
        AclUser u = user("replica-user", "on", ">pass", "+psync", "+replconf", "+ping");
        // Redis lists the single commands in its hash-table order; Tandem sorts them.
        assertEquals("user replica-user on #d74ff0ee8da3b9806b18c877dbf29bbde50b5bd8e4dad7a3a725000feb82e8f1 "
                + "resetchannels -@all +ping +psync +replconf", u.describe());
        assertTrue(u.canRun("psync", null));
        assertTrue(u.canRun("replconf", null));
        assertFalse(u.canRun("get", null));
        assertFalse(u.canRun("config", "get"));
        assertTrue(u.checkPassword(b("pass")));
        assertFalse(u.checkPassword(b("nope")));
    }

    @Test
    void errorsAreRedisTexts() {
        AclRuleException e = assertThrows(AclRuleException.class, () -> user("x", "+nosuch"));
        assertEquals("Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL", e.getMessage());
        e = assertThrows(AclRuleException.class, () -> user("x", "foo"));
        assertEquals("Error in ACL SETUSER modifier 'foo': Syntax error", e.getMessage());
        e = assertThrows(AclRuleException.class, () -> user("x", "#abc"));
        assertEquals("Error in ACL SETUSER modifier '#abc': " + AclUser.BAD_HASH, e.getMessage());
        e = assertThrows(AclRuleException.class, () -> user("x", "+@nocat"));
        assertEquals("Error in ACL SETUSER modifier '+@nocat': Unknown command or category name in ACL", e.getMessage());
        e = assertThrows(AclRuleException.class, () -> user("x", "allkeys", "~a"));
        assertEquals("Error in ACL SETUSER modifier '~a': " + AclUser.KEYS_AFTER_ALL, e.getMessage());
        e = assertThrows(AclRuleException.class, () -> user("x", "<nothere"));
        assertEquals("Error in ACL SETUSER modifier '<nothere': " + AclUser.NO_SUCH_PASSWORD, e.getMessage());
    }

    @Test
    void failedRulesChangeNothing() throws Exception {
        AclUser u = user("x", "on", ">a");
        assertThrows(AclRuleException.class, () -> u.apply(List.of("off", "+nosuch")));
        assertTrue(u.enabled());
    }

    @Test
    void keysAndChannels() throws Exception {
        AclUser u = user("x", "~k*", "%R~r*", "%W~w*", "&news.*");
        assertTrue(u.canAccessKey(b("k1"), true, false));
        assertTrue(u.canAccessKey(b("k1"), false, true));
        assertTrue(u.canAccessKey(b("r1"), true, false));
        assertFalse(u.canAccessKey(b("r1"), false, true));
        assertTrue(u.canAccessKey(b("w1"), false, true));
        assertFalse(u.canAccessKey(b("w1"), true, false));
        assertFalse(u.canAccessKey(b("z"), true, false));
        assertTrue(u.canAccessChannel(b("news.sport"), false));
        assertFalse(u.canAccessChannel(b("other"), false));
        assertTrue(u.canAccessChannel(b("news.*"), true), "a pattern must equal the user's literally");
        assertFalse(u.canAccessChannel(b("news.s*"), true));
    }

    @Test
    void offAndResetAndNopass() throws Exception {
        AclUser u = user("x", "on", ">p");
        assertTrue(u.checkPassword(b("p")));
        u.apply(List.of("off"));
        assertFalse(u.checkPassword(b("p")), "a disabled user cannot authenticate");
        u.apply(List.of("on", "nopass"));
        assertTrue(u.checkPassword(b("anything")));
        u.apply(List.of("reset"));
        assertEquals("user x off sanitize-payload resetchannels -@all", u.describe()); // as redis-server
    }

    @Test
    void selectors() throws Exception {
        AclUser u = user("s", "on", "nopass", "-@all", "+get", "~a*", "(+set ~b*)", "(%R~c*", "+@read)");
        assertEquals("user s on nopass ~a* resetchannels -@all +get (~b* resetchannels -@all +set) "
                + "(%R~c* resetchannels -@all +@read)", u.describe());
        assertEquals(3, u.permissionSets().size());
        assertTrue(u.permissionSets().get(1).canRun("set", null));
        assertFalse(u.canRun("set", null));
        AclRuleException unmatched = org.junit.jupiter.api.Assertions.assertThrows(AclRuleException.class,
                () -> u.apply(List.of("(~x", "+get")));
        assertEquals("Unmatched parenthesis in acl selector starting at '(~x'.", unmatched.getMessage());
        AclRuleException flag = org.junit.jupiter.api.Assertions.assertThrows(AclRuleException.class,
                () -> u.apply(List.of("(on)")));
        assertEquals("Error in ACL SETUSER modifier '(on)': Syntax error", flag.getMessage());
        assertEquals(2, u.selectors().size(), "a failed SETUSER changes nothing");
        u.apply(List.of("clearselectors"));
        assertEquals(0, u.selectors().size());
    }

    @Test
    void keyPermissionsFollowKeySpecFlags() throws Exception {
        AclUser u = user("k", "%R~r*", "%W~w*");
        int access = dev.tandem.core.internal.command.KeySpec.ACCESS;
        int insert = dev.tandem.core.internal.command.KeySpec.INSERT;
        assertTrue(u.canAccessKey(b("r1"), access));
        assertFalse(u.canAccessKey(b("r1"), insert));
        assertTrue(u.canAccessKey(b("w1"), insert | dev.tandem.core.internal.command.KeySpec.OW));
        assertFalse(u.canAccessKey(b("w1"), access | insert));
        assertTrue(u.canAccessKey(b("w1"), dev.tandem.core.internal.command.KeySpec.RO), "no access flag: any pattern");
        assertFalse(u.canAccessKey(b("x"), 0));
    }

    @Test
    void defaultUserFollowsRequirepass() {
        AtomicReference<Optional<String>> pass = new AtomicReference<>(Optional.empty());
        AclUsers users = new AclUsers(pass::get);
        assertFalse(users.authRequired());
        pass.set(Optional.of("s3cret"));
        assertTrue(users.authRequired());
        assertEquals(AclUsers.DEFAULT, users.authenticate(b("default"), b("s3cret")).name());
        assertEquals(null, users.authenticate(b("default"), b("other")));
        pass.set(Optional.empty());
        assertFalse(users.authRequired());
    }

    @Test
    void aclFileLoadAndSave(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        AclUsers users = new AclUsers(Optional::empty);
        AclRuleException e = assertThrows(AclRuleException.class, users::load);
        assertEquals(AclFile.NOT_CONFIGURED, e.getMessage());
        java.nio.file.Path file = dir.resolve("users.acl");
        users.aclFile(file);
        java.nio.file.Files.writeString(file, "user default on nopass ~* &* +@all\nuser a on foo\nnotuser x\n");
        e = assertThrows(AclRuleException.class, users::load);
        assertEquals(file + ":2: Syntax error. " + file + ":3 should start with user keyword followed by the "
                + "username. " + AclFile.NO_CHANGE, e.getMessage());
        java.nio.file.Files.writeString(file, "user a on >x +get\nuser a on\n");
        e = assertThrows(AclRuleException.class, users::load);
        assertEquals("WARNING: Duplicate user 'a' found on line 2. " + AclFile.NO_CHANGE, e.getMessage());
        java.nio.file.Files.writeString(file, "user b on >x +get");
        users.load();
        assertEquals(List.of("user b on #2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 "
                + "resetchannels -@all +get", "user default on nopass ~* &* +@all"),
                users.all().stream().map(AclUser::describe).toList());
        users.setUser("c", List.of("on", "nopass", "+@all"));
        users.save();
        assertEquals("user b on #2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 resetchannels "
                + "-@all +get\nuser c on nopass resetchannels +@all\nuser default on nopass ~* &* +@all\n",
                java.nio.file.Files.readString(file));
    }

    @Test
    void sentinelsRecommendedUserIsAccepted() throws Exception {
        // The user Redis's Sentinel documentation recommends for the monitored servers.
        AclUser u = user("sentinel-user", "on", ">pw", "allchannels", "+multi", "+slaveof", "+ping", "+exec",
                "+subscribe", "+config|rewrite", "+role", "+publish", "+info", "+client|setname", "+client|kill",
                "+script|kill");
        assertTrue(u.canRun("client", "kill"));
        assertFalse(u.canRun("client", "list"));
        assertTrue(u.canRun("slaveof", null));
        assertTrue(u.canAccessChannel(b("__sentinel__:hello"), false));
        assertFalse(u.canRun("get", null));
    }
}
