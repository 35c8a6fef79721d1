/** Tandem's {@code core} module; see docs/architecture.md. */
package dev.tandem.core.internal;
