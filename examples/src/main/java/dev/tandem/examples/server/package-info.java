/**
 * {@code tandem-server}: a launcher used like {@code redis-server}. {@link
 * dev.tandem.examples.server.ConfigFileLoader} reads {@code redis.conf} and command-line
 * directives with Redis 7.0's grammar and wording into a {@link
 * dev.tandem.examples.server.LauncherConfig}; {@code LoggingSetup} makes slf4j-simple write
 * Redis-like lines; {@code ServerShutdown} closes the node once on a signal or SHUTDOWN.
 */
package dev.tandem.examples.server;
