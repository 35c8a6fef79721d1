/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.EvictionPolicy;
import dev.tandem.core.Key;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * {@code maxmemory} and its eviction, Redis 7.0.15's {@code evict.c}: the settings, the per-key
 * access field (LRU clock or LFU counter, {@link Entry#lru}), the eviction pool and
 * {@code performEvictions}. The keyspace calls {@link #perform} under its write lock before a
 * client's write unit; the evicted keys go out as one bare {@code DEL} (or {@code UNLINK} with
 * {@code lazyfree-lazy-eviction}) unit each, with an {@code evicted} keyspace event.
 *
 * <p>Settings are volatile: {@code CONFIG SET} writes them from another thread.
 */
public final class Eviction {
    /** The outcome of {@link #perform}, as Redis's EVICT_OK / EVICT_RUNNING / EVICT_FAIL. */
    public enum Result { OK, RUNNING, FAIL }

    /** Redis's OOM reply (shared.oomerr). */
    public static final String OOM_ERROR = "OOM command not allowed when used memory > 'maxmemory'.";

    static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    static final long LRU_CLOCK_RESOLUTION_MS = 1000;
    static final int LFU_INIT_VAL = 5;
    static final int EVPOOL_SIZE = 16;

    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNLINK = "UNLINK".getBytes(StandardCharsets.US_ASCII);

    private final Keyspace keyspace;
    private final ClientState internalClient = ClientState.client();

    private volatile long maxmemory;
    private volatile EvictionPolicy policy = EvictionPolicy.NOEVICTION;
    private volatile int samples = 5;
    private volatile int tenacity = 10;
    private volatile int lfuLogFactor = 10;
    private volatile int lfuDecayTime = 1;
    private volatile boolean lazyfreeLazyEviction;
    private volatile boolean replicaIgnoreMaxmemory = true;

    private volatile long evictedKeys;
    /** Total ms spent over the limit (Redis's stat_total_eviction_exceeded_time), closed periods. */
    private volatile long exceededTotalMillis;
    /** When the current over-the-limit period started (monotonic ms), or -1. */
    private volatile long exceededSinceMillis = -1;

    /** The pool of best candidates, ascending by idle; survives calls, as Redis's static pool. */
    private final Key[] poolKey = new Key[EVPOOL_SIZE];
    private final long[] poolIdle = new long[EVPOOL_SIZE];
    private final int[] poolDb = new int[EVPOOL_SIZE];
    /** Round-robin db for the random policies (Redis's static next_db). */
    private int nextDb;
    private LongSupplier nanoTime = System::nanoTime;
    /**
     * Bytes outside the data set that count toward {@code maxmemory} (Redis's used_memory minus
     * freeMemoryGetNotCountedMemory): the replication backlog up to its size and the normal
     * clients' buffers, which the node that owns them reports. 0 for a bare keyspace.
     */
    private volatile LongSupplier countedBuffers = () -> 0;

    Eviction(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Who reports the buffers that count toward {@code maxmemory} besides the data set. */
    public void countedBuffers(LongSupplier bytes) {
        this.countedBuffers = java.util.Objects.requireNonNull(bytes, "bytes");
    }

    /** The bytes besides the data set that count toward {@code maxmemory} now. */
    public long countedBuffers() {
        return Math.max(0, countedBuffers.getAsLong());
    }

    // ---- settings --------------------------------------------------------------------------

    public long maxmemory() {
        return maxmemory;
    }

    public void maxmemory(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxmemory must not be negative: " + bytes);
        }
        maxmemory = bytes;
    }

    public EvictionPolicy policy() {
        return policy;
    }

    public void policy(EvictionPolicy p) {
        policy = java.util.Objects.requireNonNull(p, "policy");
    }

    public int samples() {
        return samples;
    }

    public void samples(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxmemory-samples must be at least 1: " + n);
        }
        samples = n;
    }

    public int tenacity() {
        return tenacity;
    }

    public void tenacity(int t) {
        if (t < 0 || t > 100) {
            throw new IllegalArgumentException("maxmemory-eviction-tenacity must be 0..100: " + t);
        }
        tenacity = t;
    }

    public void lfuLogFactor(int f) {
        if (f < 0) {
            throw new IllegalArgumentException("lfu-log-factor must not be negative: " + f);
        }
        lfuLogFactor = f;
    }

    public int lfuLogFactor() {
        return lfuLogFactor;
    }

    public void lfuDecayTime(int minutes) {
        if (minutes < 0) {
            throw new IllegalArgumentException("lfu-decay-time must not be negative: " + minutes);
        }
        lfuDecayTime = minutes;
    }

    public int lfuDecayTime() {
        return lfuDecayTime;
    }

    public void lazyfreeLazyEviction(boolean on) {
        lazyfreeLazyEviction = on;
    }

    public boolean lazyfreeLazyEviction() {
        return lazyfreeLazyEviction;
    }

    public void replicaIgnoreMaxmemory(boolean on) {
        replicaIgnoreMaxmemory = on;
    }

    public boolean replicaIgnoreMaxmemory() {
        return replicaIgnoreMaxmemory;
    }

    /** For tests: the clock that measures the tenacity time limit. */
    public void nanoTime(LongSupplier clock) {
        nanoTime = java.util.Objects.requireNonNull(clock);
    }

    // ---- statistics ------------------------------------------------------------------------

    /** INFO stats {@code evicted_keys}. */
    public long evictedKeys() {
        return evictedKeys;
    }

    /** INFO stats {@code total_eviction_exceeded_time} (ms), the running period included. */
    public long totalExceededMillis() {
        return exceededTotalMillis + currentExceededMillis();
    }

    /** INFO stats {@code current_eviction_exceeded_time} (ms): since the data set passed the limit, or 0. */
    public long currentExceededMillis() {
        long since = exceededSinceMillis;
        return since < 0 ? 0 : System.nanoTime() / 1_000_000 - since;
    }

    /** CONFIG RESETSTAT. */
    public void resetStats() {
        evictedKeys = 0;
        exceededTotalMillis = 0;
    }

    /**
     * Redis keeps small integers shared unless maxmemory is set with an LRU or LFU policy
     * (MAXMEMORY_FLAG_NO_SHARED_INTEGERS), decided when the value is stored; OBJECT REFCOUNT shows
     * it. Tandem's access field lives in the entry, so this only keeps REFCOUNT's answer.
     */
    dev.tandem.core.value.RedisValue maybeUnshare(dev.tandem.core.value.RedisValue value) {
        if (value instanceof dev.tandem.core.value.StringValue s && maxmemory != 0
                && (policy.kind() == EvictionPolicy.Kind.LRU || policy.kind() == EvictionPolicy.Kind.LFU)) {
            return s.unshared();
        }
        return value;
    }

    // ---- the access field --------------------------------------------------------------------

    /** Redis's LRU_CLOCK(): seconds, 24 bits. */
    int lruClock() {
        return lruClock(keyspace.clock().nowMillis());
    }

    private static int lruClock(long nowMillis) {
        return (int) ((nowMillis / LRU_CLOCK_RESOLUTION_MS) & LRU_CLOCK_MAX);
    }

    /** Minutes, 16 bits (LFUGetTimeInMinutes). */
    private int lfuMinutes() {
        return lfuMinutes(keyspace.clock().nowMillis());
    }

    private static int lfuMinutes(long nowMillis) {
        return (int) ((nowMillis / 1000 / 60) & 65535);
    }

    /** The access field of a new key (createObject: LFU_INIT_VAL under LFU, else the clock). */
    int initialLru() {
        return policy.isLfu() ? (lfuMinutes() << 8) | LFU_INIT_VAL : lruClock();
    }

    /** An access to {@code e} at {@code nowMillis} (Redis's lookupKey without LOOKUP_NOTOUCH). */
    void touch(Entry e, long nowMillis) {
        if (policy.isLfu()) {
            int counter = lfuDecrAndReturn(e.lru);
            counter = lfuLogIncr(counter);
            e.lru = (lfuMinutes(nowMillis) << 8) | counter;
        } else {
            e.lru = lruClock(nowMillis);
        }
    }

    /** OBJECT IDLETIME: estimateObjectIdleTime in seconds. */
    public long idleSeconds(Entry e) {
        return estimateIdleMillis(e.lru) / 1000;
    }

    /** OBJECT FREQ: the decayed counter (LFUDecrAndReturn). */
    public int frequency(Entry e) {
        return lfuDecrAndReturn(e.lru);
    }

    private long estimateIdleMillis(int lru) {
        int clock = lruClock();
        if (clock >= lru) {
            return (long) (clock - lru) * LRU_CLOCK_RESOLUTION_MS;
        }
        return (long) (clock + (LRU_CLOCK_MAX - lru)) * LRU_CLOCK_RESOLUTION_MS;
    }

    private int lfuTimeElapsed(int ldt) {
        int now = lfuMinutes();
        return now >= ldt ? now - ldt : 65535 - ldt + now;
    }

    private int lfuDecrAndReturn(int lru) {
        int ldt = lru >>> 8;
        int counter = lru & 255;
        int decay = lfuDecayTime;
        int periods = decay != 0 ? lfuTimeElapsed(ldt) / decay : 0;
        if (periods != 0) {
            counter = periods > counter ? 0 : counter - periods;
        }
        return counter;
    }

    private int lfuLogIncr(int counter) {
        if (counter == 255) {
            return 255;
        }
        double r = ThreadLocalRandom.current().nextDouble();
        double baseval = Math.max(0, counter - LFU_INIT_VAL);
        double p = 1.0 / (baseval * lfuLogFactor + 1);
        return r < p ? counter + 1 : counter;
    }

    // ---- performEvictions ---------------------------------------------------------------------

    /** Whether this node evicts at all: a replica ignores maxmemory unless told otherwise. */
    private boolean safeToEvict() {
        return keyspace.expiryMode() == ExpiryMode.MASTER || !replicaIgnoreMaxmemory;
    }

    /** Whether the data set is over the limit (and this node enforces it). */
    public boolean overLimit() {
        return maxmemory > 0 && safeToEvict() && keyspace.usedMemory() + countedBuffers() > maxmemory;
    }

    /** Redis's evictionTimeLimitUs in nanoseconds; Long.MAX_VALUE for no limit. */
    long timeLimitNanos() {
        int t = tenacity;
        if (t <= 10) {
            return 50_000L * t;
        }
        if (t < 100) {
            return (long) (500.0 * Math.pow(1.15, t - 10.0)) * 1000;
        }
        return Long.MAX_VALUE;
    }

    /**
     * Redis's performEvictions, under the keyspace write lock: evicts keys by the policy until
     * the data set is within {@code maxmemory}. FAIL when nothing more can be evicted while over
     * the limit; RUNNING when the tenacity time limit stopped it (the node's cron goes on).
     */
    public Result perform() {
        if (!keyspace.lock.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("eviction needs the keyspace write lock");
        }
        long limit = maxmemory;
        if (limit == 0 || !safeToEvict()) {
            exceeded(false);
            return Result.OK;
        }
        keyspace.memory.settle();
        // Buffers are read once per pass: evicting keys does not shrink them (Redis: the backlog
        // and clients count, and only keys can be freed), so the data set must make room for them.
        long buffers = countedBuffers();
        limit = buffers >= limit ? 0 : limit - buffers;
        long used = keyspace.usedMemory();
        if (used <= limit) {
            exceeded(false);
            return Result.OK;
        }
        exceeded(true);
        EvictionPolicy p = policy;
        if (p == EvictionPolicy.NOEVICTION) {
            return Result.FAIL;
        }
        long start = nanoTime.getAsLong();
        long timeLimit = timeLimitNanos();
        int keysFreed = 0;
        while (keyspace.usedMemory() > limit) {
            int[] db = new int[1];
            Key best = p.kind() == EvictionPolicy.Kind.RANDOM ? randomCandidate(p, db) : pooledCandidate(p, db);
            if (best == null) {
                return Result.FAIL;
            }
            evict(db[0], best);
            keysFreed++;
            if ((keysFreed & 15) == 0 && nanoTime.getAsLong() - start > timeLimit) {
                return keyspace.usedMemory() > limit ? Result.RUNNING : Result.OK;
            }
        }
        exceeded(false);
        return Result.OK;
    }

    private void exceeded(boolean over) {
        long since = exceededSinceMillis;
        if (over && since < 0) {
            exceededSinceMillis = System.nanoTime() / 1_000_000;
        } else if (!over && since >= 0) {
            exceededTotalMillis += System.nanoTime() / 1_000_000 - since;
            exceededSinceMillis = -1;
        }
    }

    /** Deletes one key as its own unit: a bare DEL/UNLINK, WATCH invalidation, "evicted" event. */
    private void evict(int dbIndex, Key key) {
        Database db = keyspace.database(dbIndex);
        ExecutionContext unit = new ExecutionContext(keyspace, internalClient, keyspace.clock().nowMillis(), true);
        db.delete(key);
        unit.propagate(dbIndex, lazyfreeLazyEviction ? UNLINK : DEL, key.bytes());
        unit.touched.add(new ExecutionContext.Change(dbIndex, key, EVICTED, false));
        unit.notify(NotifyFlags.EVICTED, "evicted", key, dbIndex);
        evictedKeys++;
        keyspace.finishUnit(unit);
    }

    private static final byte[] EVICTED = "evicted".getBytes(StandardCharsets.US_ASCII);

    private Key randomCandidate(EvictionPolicy p, int[] dbOut) {
        Database[] dbs = keyspace.databases();
        for (int i = 0; i < dbs.length; i++) {
            int j = (++nextDb & Integer.MAX_VALUE) % dbs.length;
            Entry e = p.volatileOnly() ? dbs[j].randomExpiring(keyspace.random()) : dbs[j].randomEntry(keyspace.random());
            if (e != null) {
                dbOut[0] = j;
                return e.key();
            }
        }
        return null;
    }

    /** Redis's loop around evictionPoolPopulate: fill the pool from every db, take the best live key. */
    private Key pooledCandidate(EvictionPolicy p, int[] dbOut) {
        Database[] dbs = keyspace.databases();
        while (true) {
            long total = 0;
            for (int i = 0; i < dbs.length; i++) {
                Database.Data d = dbs[i].data;
                int size = p.volatileOnly() ? d.expires.size() : d.keys.size();
                if (size > 0) {
                    populate(i, d, p);
                    total += size;
                }
            }
            if (total == 0) {
                return null;
            }
            for (int k = EVPOOL_SIZE - 1; k >= 0; k--) {
                Key key = poolKey[k];
                if (key == null) {
                    continue;
                }
                int db = poolDb[k];
                poolKey[k] = null;
                Database.Data d = dbs[db].data;
                boolean live = p.volatileOnly() ? d.expires.containsKey(key) : d.keys.containsKey(key);
                if (live) {
                    dbOut[0] = db;
                    return key;
                }
                // A ghost (deleted meanwhile): try the next best.
            }
        }
    }

    /** evictionPoolPopulate: samples keys of one db and inserts the better ones into the pool. */
    private void populate(int dbIndex, Database.Data d, EvictionPolicy p) {
        List<? extends Dict.Node<Key, ?>> sample = p.volatileOnly()
                ? d.expires.randomDistinctNodes(samples, keyspace.random())
                : d.keys.randomDistinctNodes(samples, keyspace.random());
        for (Dict.Node<Key, ?> node : sample) {
            Entry e = node instanceof Entry en ? en : (Entry) node.value();
            long idle = switch (p.kind()) {
                case LRU -> estimateIdleMillis(e.lru);
                case LFU -> 255 - lfuDecrAndReturn(e.lru);
                case TTL -> Long.MAX_VALUE - e.expireAt();
                default -> throw new IllegalStateException(p.toString());
            };
            insert(e.key(), idle, dbIndex);
        }
    }

    /** The pool insertion of evictionPoolPopulate: keep the 16 best, ascending by idle. */
    private void insert(Key key, long idle, int db) {
        int k = 0;
        while (k < EVPOOL_SIZE && poolKey[k] != null && poolIdle[k] < idle) {
            k++;
        }
        if (k == 0 && poolKey[EVPOOL_SIZE - 1] != null) {
            return; // worse than everything in a full pool
        }
        if (k < EVPOOL_SIZE && poolKey[k] == null) {
            // an empty slot: insert here
        } else if (poolKey[EVPOOL_SIZE - 1] == null) {
            // free room on the right: shift k..end one to the right
            System.arraycopy(poolKey, k, poolKey, k + 1, EVPOOL_SIZE - k - 1);
            System.arraycopy(poolIdle, k, poolIdle, k + 1, EVPOOL_SIZE - k - 1);
            System.arraycopy(poolDb, k, poolDb, k + 1, EVPOOL_SIZE - k - 1);
        } else {
            // full: drop the worst on the left
            k--;
            System.arraycopy(poolKey, 1, poolKey, 0, k);
            System.arraycopy(poolIdle, 1, poolIdle, 0, k);
            System.arraycopy(poolDb, 1, poolDb, 0, k);
        }
        poolKey[k] = key;
        poolIdle[k] = idle;
        poolDb[k] = db;
    }

    /**
     * Whether a command may not run while the data set is over the limit and nothing can be
     * evicted: Redis 7.0.15's {@code denyoom} commands (COMMAND INFO flags).
     */
    public static boolean denyOom(byte[][] argv) {
        String name = new String(argv[0], StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
        if (DENY_OOM.contains(name)) {
            return true;
        }
        if (argv.length > 1 && (name.equals("function") || name.equals("xgroup"))) {
            String sub = new String(argv[1], StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
            return DENY_OOM.contains(name + "|" + sub);
        }
        return false;
    }

    private static final java.util.Set<String> DENY_OOM = java.util.Set.of("append", "bitfield", "bitop", "blmove",
            "brpoplpush", "copy", "decr", "decrby", "function|load", "function|restore", "geoadd", "georadius",
            "georadiusbymember", "geosearchstore", "getset", "hincrby", "hincrbyfloat", "hmset", "hset", "hsetnx",
            "incr", "incrby", "incrbyfloat", "linsert", "lmove", "lpush", "lpushx", "lset", "mset", "msetnx",
            "pfadd", "pfdebug", "pfmerge", "psetex", "restore", "restore-asking", "rpoplpush", "rpush", "rpushx",
            "sadd", "sdiffstore", "set", "setbit", "setex", "setnx", "setrange", "sinterstore", "sort",
            "sunionstore", "xadd", "xgroup|create", "xgroup|createconsumer", "xsetid", "zadd", "zdiffstore",
            "zincrby", "zinterstore", "zrangestore", "zunionstore");

    /** Forgets pooled candidates (a flush or full sync replaced the data). */
    void clearPool() {
        java.util.Arrays.fill(poolKey, null);
    }
}
