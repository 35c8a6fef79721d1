/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.Key;
import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.command.Args;
import dev.tandem.core.internal.command.GlobPattern;
import dev.tandem.core.internal.command.ObjectCommand;
import dev.tandem.core.internal.command.Strtod;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.rdb.write.DumpPayload;
import dev.tandem.replication.internal.persistence.RdbReload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The DEBUG subcommands that act on the data set (debug.c): {@code OBJECT}, {@code RELOAD},
 * {@code LOADAOF}, {@code SLEEP}, {@code STRINGMATCH-TEST}.
 */
final class DebugKeyCommands {
    private static final String RELOAD_FAILED = "ERR Error trying to load the RDB dump, check server logs.";
    /** OBJ_SHARED_REFCOUNT. */
    private static final int SHARED_REFCOUNT = Integer.MAX_VALUE;
    /** LRU_CLOCK_MAX: Redis's LRU clock is 24 bits of seconds. */
    private static final long LRU_CLOCK_MAX = (1 << 24) - 1;

    private DebugKeyCommands() {
    }

    /**
     * {@code DEBUG OBJECT key}: Redis's line. {@code Value at} is the identity of the key's entry
     * (stable while the value is changed in place, as Redis's pointer is), {@code serializedlength}
     * the RDB encoding's length (Redis's rdbSavedObjectLen, type byte excluded), {@code lru} the
     * LRU clock now and {@code lru_seconds_idle} 0: Tandem keeps no per-key access time yet. The
     * quicklist fields Redis appends for lists are not given.
     */
    static Reply object(Keyspace keyspace, ClientState client, byte[] keyName) {
        keyspace.lock().readLock().lock();
        try {
            long now = keyspace.clock().nowMillis();
            Entry e = keyspace.database(client.db()).peek(Key.of(keyName));
            // Redis's debug.c finds the key in the dict without expiring it: a logically expired
            // key that nothing deleted yet still answers (scripting.tcl relies on it).
            if (e == null) {
                return Reply.error("ERR no such key");
            }
            RedisValue value = e.value();
            int refcount = value instanceof StringValue s && s.isShared() ? SHARED_REFCOUNT : 1;
            long serialized = DumpPayload.encode(value, true).length - 11L;
            return Reply.simple(String.format(Locale.ROOT,
                    "Value at:0x%x refcount:%d encoding:%s serializedlength:%d lru:%d lru_seconds_idle:%d",
                    System.identityHashCode(e) & 0xffffffffL, refcount, ObjectCommand.encoding(value), serialized,
                    (now / 1000) & LRU_CLOCK_MAX, 0));
        } finally {
            keyspace.lock().readLock().unlock();
        }
    }

    /**
     * {@code DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]}: through the node's RDB file when it keeps
     * files; otherwise through an RDB written to memory from the data set itself (NOSAVE then
     * has no file to load and fails, as Redis does without a {@code dump.rdb}).
     */
    static Reply reload(Keyspace keyspace, PersistenceHooks persistence, byte[][] argv) {
        boolean flush = true;
        boolean save = true;
        boolean merge = false;
        for (int j = 2; j < argv.length; j++) {
            if (Args.is(argv[j], "merge")) {
                merge = true;
            } else if (Args.is(argv[j], "noflush")) {
                flush = false;
            } else if (Args.is(argv[j], "nosave")) {
                save = false;
            } else {
                return Reply.error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            }
        }
        Reply viaFile = persistence.debugReload(save, flush, merge);
        if (viaFile != null) {
            return viaFile;
        }
        if (!save) {
            return Reply.error(RELOAD_FAILED);
        }
        ReentrantReadWriteLock.WriteLock lock = keyspace.lock().writeLock();
        lock.lock();
        try {
            byte[] rdb = RdbReload.writeInMemory(keyspace);
            RdbReload.load(keyspace, new ByteArrayInputStream(rdb), flush, merge);
            return Reply.OK;
        } catch (RdbReload.ReloadException | IOException e) {
            return Reply.error(RELOAD_FAILED);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code DEBUG SLEEP seconds}: strtod's value (anything unparsable is 0), during which the
     * node serves no command, as Redis's main thread sleeps: the keyspace write lock is held.
     */
    static Reply sleep(Keyspace keyspace, byte[] seconds) {
        double value = Strtod.parse(seconds).value();
        long micros = (long) (value * 1_000_000);
        if (micros <= 0) {
            return Reply.OK;
        }
        ReentrantReadWriteLock.WriteLock lock = keyspace.lock().writeLock();
        lock.lock();
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        return Reply.OK;
    }

    /**
     * {@code DEBUG STRINGMATCH-TEST}: Redis's fuzz of its matcher (random patterns against random
     * strings, answered only if nothing crashed); here the same against {@link GlobPattern}.
     */
    static Reply stringMatchTest() {
        SplittableRandom random = new SplittableRandom();
        byte[] alphabet = "*?[]\\^-abcAB".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < 10_000; i++) {
            byte[] pattern = new byte[random.nextInt(32)];
            byte[] string = new byte[random.nextInt(32)];
            for (int j = 0; j < pattern.length; j++) {
                pattern[j] = alphabet[random.nextInt(alphabet.length)];
            }
            for (int j = 0; j < string.length; j++) {
                string[j] = (byte) random.nextInt(256);
            }
            GlobPattern.matches(pattern, string);
        }
        return Reply.simple("Apparently Redis did not crash: test passed");
    }
}
