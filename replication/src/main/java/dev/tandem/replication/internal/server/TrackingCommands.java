/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.Args;
import dev.tandem.core.reply.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CLIENT TRACKING}, {@code CACHING}, {@code GETREDIR} and {@code TRACKINGINFO}, with
 * Redis 7.0.15's options, checks, order of checks and error texts ({@code networking.c}'s
 * clientCommand). The state lives in the connection's {@link ClientTracking}, the tables in
 * the server's {@link Tracking}.
 */
final class TrackingCommands {

    private final RespServer server;

    TrackingCommands(RespServer server) {
        this.server = server;
    }

    /** CLIENT TRACKING on|off [REDIRECT id] [BCAST] [PREFIX p]... [OPTIN] [OPTOUT] [NOLOOP]. */
    Reply tracking(ClientConnection client, byte[][] argv, boolean inTransaction) {
        long redirect = 0;
        boolean bcast = false;
        boolean optin = false;
        boolean optout = false;
        boolean noloop = false;
        List<byte[]> prefixes = new ArrayList<>();
        for (int j = 3; j < argv.length; j++) {
            boolean more = j < argv.length - 1;
            if (Args.is(argv[j], "redirect") && more) {
                j++;
                if (redirect != 0) {
                    return Reply.error("ERR A client can only redirect to a single other client");
                }
                Long id = Args.parseLongStrict(argv[j]);
                if (id == null) {
                    throw RedisError.notInteger();
                }
                // Redis requires the client to exist now, though it may go away later.
                if (server.registry().get(id) == null) {
                    return Reply.error("ERR The client ID you want redirect to does not exist");
                }
                redirect = id;
            } else if (Args.is(argv[j], "bcast")) {
                bcast = true;
            } else if (Args.is(argv[j], "optin")) {
                optin = true;
            } else if (Args.is(argv[j], "optout")) {
                optout = true;
            } else if (Args.is(argv[j], "noloop")) {
                noloop = true;
            } else if (Args.is(argv[j], "prefix") && more) {
                j++;
                prefixes.add(argv[j]);
            } else {
                throw RedisError.syntax();
            }
        }
        Tracking tracking = server.tracking();
        if (Args.is(argv[2], "on")) {
            if (!bcast && !prefixes.isEmpty()) {
                return Reply.error("ERR PREFIX option requires BCAST mode to be enabled");
            }
            ClientTracking current = client.tracking;
            boolean on = current != null && current.on;
            if (on && current.bcast != bcast) {
                return Reply.error("ERR You can't switch BCAST mode on/off before disabling tracking for this "
                        + "client, and then re-enabling it with a different mode.");
            }
            if (bcast && (optin || optout)) {
                return Reply.error("ERR OPTIN and OPTOUT are not compatible with BCAST");
            }
            if (optin && optout) {
                return Reply.error("ERR You can't specify both OPTIN mode and OPTOUT mode");
            }
            if (on && ((optin && current.optout) || (optout && current.optin))) {
                return Reply.error("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this "
                        + "client, and then re-enabling it with a different mode.");
            }
            if (bcast) {
                String collision = tracking.prefixCollision(client, prefixes);
                if (collision != null) {
                    return Reply.error(collision);
                }
            }
            tracking.enable(client, redirect, bcast, optin, optout, noloop, prefixes);
        } else if (Args.is(argv[2], "off")) {
            tracking.disable(client);
        } else {
            throw RedisError.syntax();
        }
        return Reply.OK;
    }

    /** CLIENT CACHING yes|no: the next command (or transaction) is tracked (OPTIN) or not (OPTOUT). */
    static Reply caching(ClientConnection client, byte[][] argv, boolean inTransaction) {
        ClientTracking t = client.tracking;
        if (t == null || !t.on) {
            return Reply.error("ERR CLIENT CACHING can be called only when the client is in tracking mode "
                    + "with OPTIN or OPTOUT mode enabled");
        }
        if (Args.is(argv[2], "yes")) {
            if (!t.optin) {
                return Reply.error("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
            }
        } else if (Args.is(argv[2], "no")) {
            if (!t.optout) {
                return Reply.error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
            }
        } else {
            throw RedisError.syntax();
        }
        t.caching = true;
        return Reply.OK;
    }

    /** CLIENT GETREDIR: the redirect id, 0 without one, -1 without tracking. */
    static Reply getRedir(ClientConnection client, byte[][] argv, boolean inTransaction) {
        return Reply.integer(redirectField(client));
    }

    static long redirectField(ClientConnection client) {
        ClientTracking t = client.tracking;
        return t != null && t.on ? t.redirect : -1;
    }

    /** CLIENT TRACKINGINFO: {@code flags} (a set), {@code redirect}, {@code prefixes}, as Redis 7.0.15. */
    Reply trackingInfo(ClientConnection client, byte[][] argv, boolean inTransaction) {
        ClientTracking t = client.tracking;
        boolean on = t != null && t.on;
        List<Reply> flags = new ArrayList<>();
        flags.add(Reply.bulk(on ? "on" : "off"));
        List<Reply> prefixes = new ArrayList<>();
        if (on) {
            if (t.bcast) {
                flags.add(Reply.bulk("bcast"));
            }
            if (t.optin) {
                flags.add(Reply.bulk("optin"));
                if (t.caching) {
                    flags.add(Reply.bulk("caching-yes"));
                }
            }
            if (t.optout) {
                flags.add(Reply.bulk("optout"));
                if (t.caching) {
                    flags.add(Reply.bulk("caching-no"));
                }
            }
            if (t.noloop) {
                flags.add(Reply.bulk("noloop"));
            }
            if (t.brokenRedirect) {
                flags.add(Reply.bulk("broken_redirect"));
            }
            synchronized (server.tracking()) {
                for (dev.tandem.core.Key p : t.prefixes) {
                    prefixes.add(Reply.bulk(p.bytes()));
                }
            }
        }
        return new Reply.MapReply(List.of(
                Reply.bulk("flags"), new Reply.SetReply(flags),
                Reply.bulk("redirect"), Reply.integer(on ? t.redirect : -1),
                Reply.bulk("prefixes"), Reply.array(prefixes)));
    }

    /** CLIENT LIST's tracking flags, in Redis's order: t (tracking), R (broken redirect), B (BCAST). */
    static void appendFlags(ClientConnection client, StringBuilder flags) {
        ClientTracking t = client.tracking;
        if (t == null || !t.on) {
            return;
        }
        flags.append('t');
        if (t.brokenRedirect) {
            flags.append('R');
        }
        if (t.bcast) {
            flags.append('B');
        }
    }
}
