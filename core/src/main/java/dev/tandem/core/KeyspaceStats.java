package dev.tandem.core;

/** Counters for INFO; written under the write lock, read racily (monotonic longs). */
public final class KeyspaceStats {
    volatile long expiredKeys;
    volatile long commandsProcessed;

    public long expiredKeys() {
        return expiredKeys;
    }

    public long commandsProcessed() {
        return commandsProcessed;
    }
}
