/** Tandem's {@code resp} module; see docs/architecture.md. */
package dev.tandem.resp;
