/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.Eviction;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.core.value.ZSetValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OBJECT ENCODING / REFCOUNT / FREQ / HELP (object.c objectCommand), answering what Redis 7.0
 * answers for the same history of commands.
 *
 * <p>IDLETIME and FREQ read the key's access field ({@link dev.tandem.core.internal.Eviction}):
 * the LRU clock under a non-LFU {@code maxmemory-policy}, the LFU counter under an LFU one, each
 * refusing the other with Redis's text. OBJECT's own lookup does not count as an access.
 */
public final class ObjectCommand {
    /** OBJ_SHARED_REFCOUNT: what REFCOUNT reports for Redis's shared integers. */
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;

    private static final String[] HELP = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    };

    private ObjectCommand() {
    }

    static void register(CommandTable t) {
        t.register(CommandSpec.read("object", -2, 2, 2, 1, ObjectCommand::object));
    }

    static Reply object(ExecutionContext ctx, byte[][] argv) {
        String sub = Args.utf8(argv[1]).toLowerCase(Locale.ROOT);
        if (sub.equals("help")) {
            if (argv.length != 2) {
                throw RedisError.wrongArity("object|help");
            }
            List<Reply> lines = new ArrayList<>(HELP.length);
            for (String line : HELP) {
                lines.add(Reply.simple(line));
            }
            return Reply.array(lines);
        }
        boolean known = sub.equals("encoding") || sub.equals("refcount") || sub.equals("freq")
                || sub.equals("idletime");
        if (!known) {
            throw new RedisError("ERR unknown subcommand '" + Args.utf8(argv[1]) + "'. Try OBJECT HELP.");
        }
        if (argv.length != 3) {
            throw RedisError.wrongArity("object|" + sub);
        }
        Entry e = ctx.lookupReadNoTouch(Key.of(argv[2]));
        if (e == null) {
            return Reply.NULL;
        }
        Eviction eviction = ctx.keyspace().eviction();
        boolean lfu = eviction.policy().isLfu();
        return switch (sub) {
            case "encoding" -> Reply.bulk(encoding(e.value()));
            case "refcount" -> Reply.integer(isSharedInteger(e.value()) ? SHARED_REFCOUNT : 1);
            case "idletime" -> {
                if (lfu) {
                    throw new RedisError("ERR An LFU maxmemory policy is selected, idle time not tracked. Please "
                            + "note that when switching between policies at runtime LRU and LFU data will take some "
                            + "time to adjust.");
                }
                yield Reply.integer(eviction.idleSeconds(e));
            }
            default -> {
                if (!lfu) {
                    throw new RedisError("ERR An LFU maxmemory policy is not selected, access frequency not "
                            + "tracked. Please note that when switching between policies at runtime LRU and LFU data "
                            + "will take some time to adjust.");
                }
                yield Reply.integer(eviction.frequency(e));
            }
        };
    }

    /** OBJECT ENCODING's name for {@code value}'s current representation (also DEBUG OBJECT's). */
    public static String encoding(RedisValue value) {
        if (value instanceof StringValue s) {
            return s.encodingName();
        }
        if (value instanceof HashValue h) {
            return h.encoding();
        }
        if (value instanceof ZSetValue z) {
            return z.encoding();
        }
        if (value instanceof SetValue s) {
            return s.isIntsetEncoded() ? "intset" : "hashtable";
        }
        return switch (value.type()) {
            case LIST -> "quicklist";
            case STREAM -> "stream";
            default -> "unknown";
        };
    }

    private static boolean isSharedInteger(RedisValue value) {
        return value instanceof StringValue s && s.isShared();
    }
}
