/**
 * {@code INFO replication} and {@code ROLE}: a typed snapshot
 * ({@link dev.tandem.replication.info.ReplicationInfo}) rendered byte-for-byte as Redis 7.0 does,
 * and the {@link dev.tandem.replication.info.RoleReply} data shape.
 */
package dev.tandem.replication.info;
