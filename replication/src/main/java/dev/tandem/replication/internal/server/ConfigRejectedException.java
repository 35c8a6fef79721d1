package dev.tandem.replication.internal.server;

/** A {@code CONFIG SET} value that a {@link ConfigDirectives} refuses; the message is the reason. */
public final class ConfigRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigRejectedException(String reason) {
        super(reason, null, false, false);
    }
}
