package dev.tandem.replication.internal.server;

import java.util.Optional;
import java.util.Set;

/**
 * A set of {@code CONFIG GET/SET} directives by their Redis names (lower case). The server
 * matches {@code CONFIG GET} patterns against {@link #names()} and calls {@link #get}/{@link #set}.
 */
public interface ConfigDirectives {

    /** The directive names this source answers for, in lower case. */
    Set<String> names();

    /** The current value in Redis's {@code CONFIG GET} form, or empty for an unknown name. */
    Optional<String> get(String name);

    /**
     * Sets a directive at run time.
     *
     * @throws ConfigRejectedException with the reason, for an invalid value or an unknown or
     *         immutable directive; the server replies {@code -ERR CONFIG SET failed (possibly
     *         related to argument '<name>') - <reason>} as Redis 7.0 does
     */
    void set(String name, String value);

    /** No directives at all. */
    ConfigDirectives NONE = new ConfigDirectives() {
        @Override
        public Set<String> names() {
            return Set.of();
        }

        @Override
        public Optional<String> get(String name) {
            return Optional.empty();
        }

        @Override
        public void set(String name, String value) {
            throw new ConfigRejectedException("Unknown option or number of arguments for CONFIG SET - '" + name + "'");
        }
    };
}
