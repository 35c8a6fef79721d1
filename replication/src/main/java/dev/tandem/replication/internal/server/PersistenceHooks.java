/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.reply.Reply;

/**
 * What the RESP server asks of the node's persistence: {@code SAVE}, {@code BGSAVE},
 * {@code LASTSAVE}, the save {@code SHUTDOWN} makes, and the {@code INFO persistence} section.
 * {@link #NONE} is a node that keeps no files (the default for embedded nodes).
 */
public interface PersistenceHooks {

    /** {@code SAVE}: saves on the calling thread; {@code +OK}, or Redis's error. */
    Reply save();

    /** {@code BGSAVE [SCHEDULE]}: Redis's status reply or error. */
    Reply bgsave(boolean schedule);

    /** {@code LASTSAVE}: the Unix time of the last successful save (the start time before any). */
    long lastSave(long serverStartSeconds);

    /**
     * The save a {@code SHUTDOWN} makes before the node stops: with {@code save}, or with save
     * rules and neither flag (Redis 7.0). Returns whether the node may stop (false: the save
     * failed; Redis then refuses to shut down).
     */
    boolean saveBeforeShutdown(boolean save, boolean nosave);

    /** Appends the {@code # Persistence} section, or returns false to let the server write its own. */
    boolean info(StringBuilder out);

    /** Redis's {@code MISCONF} for {@code PING} on a master whose last save failed, or null. */
    default String pingRefusal() {
        return null;
    }

    /** {@code BGREWRITEAOF}: Redis's status reply or error. */
    default Reply bgrewriteaof() {
        return Reply.error("ERR this Tandem node keeps no files: build it with persistence(...) "
                + "(tandem-server: the dir and appendonly directives) to use BGREWRITEAOF");
    }

    /**
     * {@code DEBUG RELOAD}: save the RDB file (unless {@code NOSAVE}) and load it back, under the
     * keyspace write lock; {@code +OK} or Redis's error. Null for a node that keeps no files: the
     * server then reloads through an RDB written to memory.
     */
    default Reply debugReload(boolean save, boolean flush, boolean merge) {
        return null;
    }

    /**
     * {@code DEBUG LOADAOF}: empties the data set and loads the append-only file again (Redis's
     * test-suite tool); {@code +OK}, or an error.
     */
    default Reply debugLoadAof() {
        return Reply.error("ERR this Tandem node keeps no files: build it with persistence(...) "
                + "(tandem-server: the dir and appendonly directives) to use DEBUG LOADAOF");
    }

    /** What replies wait for before they go out ({@code appendfsync always}'s group commit). */
    default ReplyBarrier replyBarrier() {
        return ReplyBarrier.NONE;
    }

    /** Its {@code CONFIG GET/SET} directives ({@code save}, {@code dir}, ...); they take precedence. */
    default ConfigDirectives config() {
        return ConfigDirectives.NONE;
    }

    /** A node without persistence. */
    PersistenceHooks NONE = new PersistenceHooks() {
        private static final String NO_FILES = "ERR this Tandem node keeps no files: build it with "
                + "persistence(...) (tandem-server: the dir and dbfilename directives) to use SAVE and BGSAVE";

        @Override
        public Reply save() {
            return Reply.error(NO_FILES);
        }

        @Override
        public Reply bgsave(boolean schedule) {
            return Reply.error(NO_FILES);
        }

        @Override
        public long lastSave(long serverStartSeconds) {
            return serverStartSeconds;
        }

        @Override
        public boolean saveBeforeShutdown(boolean save, boolean nosave) {
            return !save;
        }

        @Override
        public boolean info(StringBuilder out) {
            return false;
        }
    };
}
