/** Tandem's {@code rdb} module; see docs/architecture.md. */
package dev.tandem.rdb;
