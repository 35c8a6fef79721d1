package dev.tandem.core.command;

/** Properties of a command that the executor acts on. */
public enum CommandFlag {
    /** May change the dataset: runs under the write lock and may propagate. */
    WRITE,
    /** Only reads: runs under the read lock, concurrently with other reads. */
    READONLY,
    /** MULTI/EXEC/DISCARD/WATCH/UNWATCH: not queued inside MULTI (WATCH is refused there). */
    TRANSACTION,
    /** Touches every database or the keyspace as a whole (FLUSHALL, SWAPDB). */
    KEYSPACE
}
