/** Tandem's {@code replication} module; see docs/architecture.md. */
package dev.tandem.replication;
