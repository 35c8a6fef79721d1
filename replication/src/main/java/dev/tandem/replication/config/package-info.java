/**
 * {@link dev.tandem.replication.config.ReplicationConfig}: replication settings with Redis 7.0's
 * directive names, aliases, defaults, value syntax and error wording.
 */
package dev.tandem.replication.config;
