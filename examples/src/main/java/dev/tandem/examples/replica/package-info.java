/**
 * {@link dev.tandem.examples.replica.ReadReplicaApp}: an application that embeds a read replica
 * of an existing Redis master and answers lookups from its own memory.
 */
package dev.tandem.examples.replica;
