package dev.tandem.rdb;

/** One entry of a consumer group's pending entries list (PEL). */
public record StreamPendingEntry(RdbStreamId id, long deliveryTimeMs, long deliveryCount) {
}
