/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static dev.tandem.replication.internal.server.ServerCommand.Flag.LOADING;
import static dev.tandem.replication.internal.server.ServerCommand.Flag.STALE;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.internal.acl.AclCategories;
import dev.tandem.replication.internal.acl.AclLog;
import dev.tandem.replication.internal.acl.AclRuleException;
import dev.tandem.replication.internal.acl.AclUser;
import dev.tandem.replication.internal.acl.AclUsers;
import dev.tandem.replication.internal.config.ByteStrings;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The ACL command of Redis 7.0: SETUSER, GETUSER, DELUSER, LIST, USERS, WHOAMI, CAT, GENPASS,
 * LOG, DRYRUN, HELP, with Redis's reply shapes and error texts. The rule model is in {@code internal.acl}.
 */
final class AclCommand {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RespServer server;

    private AclCommand(RespServer server) {
        this.server = server;
    }

    static ServerCommand command(RespServer server) {
        AclCommand c = new AclCommand(server);
        return ServerCommand.of("acl", -2, c::execute, LOADING, STALE);
    }

    private Reply execute(ClientConnection client, byte[][] argv, boolean inTransaction) {
        String sub = CommandDispatcher.lowerName(argv[1]);
        AclUsers users = server.acl();
        switch (sub) {
            case "setuser" -> {
                arity(argv, -3, sub);
                List<String> rules = new ArrayList<>();
                for (int i = 3; i < argv.length; i++) {
                    rules.add(ByteStrings.decode(argv[i]));
                }
                try {
                    users.setUser(ByteStrings.decode(argv[2]), rules);
                } catch (AclRuleException e) {
                    return Reply.error("ERR " + e.getMessage());
                }
                return Reply.OK;
            }
            case "getuser" -> {
                arity(argv, 3, sub);
                AclUser u = users.get(ByteStrings.decode(argv[2]));
                if (u == null) {
                    return Reply.NULL;
                }
                List<Reply> map = new ArrayList<>();
                map.add(Reply.bulk("flags"));
                map.add(Reply.array(u.flags().stream().<Reply>map(Reply::bulk).toList()));
                map.add(Reply.bulk("passwords"));
                map.add(Reply.array(u.passwords().stream().<Reply>map(Reply::bulk).toList()));
                map.add(Reply.bulk("commands"));
                map.add(Reply.bulk(u.describeCommands()));
                map.add(Reply.bulk("keys"));
                map.add(Reply.bulk(u.describeKeys()));
                map.add(Reply.bulk("channels"));
                map.add(Reply.bulk(u.describeChannels()));
                map.add(Reply.bulk("selectors"));
                List<Reply> selectors = new ArrayList<>();
                for (AclUser selector : u.selectors()) {
                    selectors.add(new Reply.MapReply(List.of(
                            Reply.bulk("commands"), Reply.bulk(selector.describeCommands()),
                            Reply.bulk("keys"), Reply.bulk(selector.describeKeys()),
                            Reply.bulk("channels"), Reply.bulk(selector.describeChannels()))));
                }
                map.add(Reply.array(selectors));
                return new Reply.MapReply(map);
            }
            case "deluser" -> {
                arity(argv, -3, sub);
                for (int i = 2; i < argv.length; i++) {
                    if (ByteStrings.decode(argv[i]).equals(AclUsers.DEFAULT)) {
                        return Reply.error("ERR The 'default' user cannot be removed");
                    }
                }
                int deleted = 0;
                for (int i = 2; i < argv.length; i++) {
                    AclUser gone = users.delete(ByteStrings.decode(argv[i]));
                    if (gone != null) {
                        deleted++;
                        disconnect(client, gone);
                    }
                }
                return Reply.integer(deleted);
            }
            case "list" -> {
                arity(argv, 2, sub);
                return Reply.array(users.all().stream().<Reply>map(u -> Reply.bulk(u.describe())).toList());
            }
            case "users" -> {
                arity(argv, 2, sub);
                return Reply.array(users.all().stream().<Reply>map(u -> Reply.bulk(u.name())).toList());
            }
            case "whoami" -> {
                arity(argv, 2, sub);
                return Reply.bulk(server.dispatcher().userOf(client).name());
            }
            case "cat" -> {
                arity(argv, -2, sub);
                if (argv.length > 3) {
                    throw RedisError.wrongArity("acl|cat");
                }
                AclCategories cats = AclCategories.get();
                if (argv.length == 2) {
                    return Reply.array(cats.names().stream().<Reply>map(Reply::bulk).toList());
                }
                Set<String> members = cats.commands(CommandDispatcher.lowerName(argv[2]));
                if (members == null) {
                    return Reply.error("ERR Unknown category '" + ByteStrings.decode(argv[2]) + "'");
                }
                return Reply.array(members.stream().<Reply>map(Reply::bulk).toList());
            }
            case "genpass" -> {
                long bits = 256;
                if (argv.length > 3) {
                    throw RedisError.wrongArity("acl|genpass");
                }
                if (argv.length == 3) {
                    bits = dev.tandem.core.internal.command.Args.parseLong(argv[2],
                            "ERR value is not an integer or out of range");
                    if (bits <= 0 || bits > 4096) {
                        return Reply.error("ERR ACL GENPASS argument must be the number of bits for the output "
                                + "password, a positive number up to 4096");
                    }
                }
                // Redis rounds up to whole hex digits (4 bits each).
                int chars = (int) ((bits + 3) / 4);
                byte[] random = new byte[(chars + 1) / 2];
                RANDOM.nextBytes(random);
                return Reply.bulk(HexFormat.of().formatHex(random).substring(0, chars));
            }
            case "log" -> {
                if (argv.length > 3) {
                    throw RedisError.wrongArity("acl|log");
                }
                long count = 10;
                if (argv.length == 3) {
                    if (CommandDispatcher.lowerName(argv[2]).equals("reset")) {
                        users.log().reset();
                        return Reply.OK;
                    }
                    count = dev.tandem.core.internal.command.Args.parseLong(argv[2],
                            "ERR value is not an integer or out of range");
                    count = Math.max(0, count); // Redis answers a negative count with no entries
                }
                long now = server.keyspace().clock().nowMillis();
                List<Reply> entries = new ArrayList<>();
                for (AclLog.Entry e : users.log().latest(count)) {
                    entries.add(new Reply.MapReply(List.of(
                            Reply.bulk("count"), Reply.integer(e.count()),
                            Reply.bulk("reason"), Reply.bulk(e.reason()),
                            Reply.bulk("context"), Reply.bulk(e.context()),
                            Reply.bulk("object"), Reply.bulk(e.object()),
                            Reply.bulk("username"), Reply.bulk(e.username()),
                            Reply.bulk("age-seconds"), new Reply.DoubleReply((now - e.createdMillis()) / 1000.0),
                            Reply.bulk("client-info"), Reply.bulk(e.clientInfo()))));
                }
                return Reply.array(entries);
            }
            case "load" -> {
                arity(argv, 2, sub);
                try {
                    for (AclUser gone : users.load()) {
                        disconnect(client, gone);
                    }
                } catch (AclRuleException e) {
                    return Reply.error("ERR " + e.getMessage());
                }
                return Reply.OK;
            }
            case "save" -> {
                arity(argv, 2, sub);
                try {
                    users.save();
                } catch (AclRuleException e) {
                    return Reply.error("ERR " + e.getMessage());
                } catch (java.io.IOException e) {
                    return Reply.error("ERR There was an error trying to save the ACLs. Please check the server "
                            + "logs for more information");
                }
                return Reply.OK;
            }
            case "dryrun" -> {
                arity(argv, -4, sub);
                AclUser u = users.get(ByteStrings.decode(argv[2]));
                if (u == null) {
                    return Reply.error("ERR User '" + ByteStrings.decode(argv[2]) + "' not found");
                }
                return server.dispatcher().dryRun(u, java.util.Arrays.copyOfRange(argv, 3, argv.length));
            }
            case "help" -> {
                return Reply.array(List.of(
                        "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                        "CAT [<category>]", "    List all commands that belong to <category>, or all command categories",
                        "    when no category is specified.",
                        "DELUSER <username> [<username> ...]", "    Delete a list of users.",
                        "DRYRUN <username> <command> [<arg> ...]",
                        "    Returns whether the user can execute the given command without executing the command.",
                        "GETUSER <username>", "    Get the user's details.",
                        "GENPASS [<bits>]", "    Generate a secure 256-bit user password. The optional `bits` argument can",
                        "    be used to specify a different size.",
                        "LIST", "    Show users details in config file format.",
                        "LOAD", "    Reload users from the ACL file.",
                        "LOG [<count> | RESET]", "    Show the ACL log entries.",
                        "SAVE", "    Save the current config to the ACL file.",
                        "SETUSER <username> <attribute> [<attribute> ...]", "    Create or modify a user with the specified attributes.",
                        "USERS", "    List all the registered usernames.",
                        "WHOAMI", "    Return the current connection username.",
                        "HELP", "    Prints this help.").stream().<Reply>map(Reply::simple).toList());
            }
            default -> {
                return Reply.error("ERR unknown subcommand '" + ByteStrings.decode(argv[1])
                        + "'. Try ACL HELP.");
            }
        }
    }

    private static void arity(byte[][] argv, int arity, String sub) {
        if (arity >= 0 ? argv.length != arity : argv.length < -arity) {
            throw RedisError.wrongArity("acl|" + sub);
        }
    }

    /** Redis closes the connections of a deleted user (ACLFreeUserAndKillClients). */
    private void disconnect(ClientConnection self, AclUser user) {
        for (ClientConnection c : server.registry().all()) {
            if (c == self && c.user() == user) {
                c.closeAfterReply = true; // its own reply goes first
            } else if (c.user() == user) {
                c.channel().close();
            }
        }
    }
}
