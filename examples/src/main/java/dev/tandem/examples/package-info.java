/** Tandem's {@code examples} module; see docs/architecture.md. */
package dev.tandem.examples;
