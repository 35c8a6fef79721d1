package dev.tandem.replication.internal.server;

/**
 * One class of Redis's {@code client-output-buffer-limit}: a client whose pending output reaches
 * {@code hardBytes}, or stays at or above {@code softBytes} for more than {@code softSeconds}, is
 * disconnected. Zero disables a bound ({@code 0 0 0}, the default for normal clients, means
 * unlimited; the server still stops reading from a client that does not read its replies, so
 * memory stays bounded either way).
 */
public record ClientOutputBufferLimit(long hardBytes, long softBytes, long softSeconds) {

    public static final ClientOutputBufferLimit UNLIMITED = new ClientOutputBufferLimit(0, 0, 0);
    /** Redis's default for the pubsub class: 32mb 8mb 60. */
    public static final ClientOutputBufferLimit PUBSUB_DEFAULT =
            new ClientOutputBufferLimit(32L * 1024 * 1024, 8L * 1024 * 1024, 60);

    public ClientOutputBufferLimit {
        if (hardBytes < 0 || softBytes < 0 || softSeconds < 0) {
            throw new IllegalArgumentException("output buffer limits must be >= 0: "
                    + hardBytes + " " + softBytes + " " + softSeconds);
        }
    }

    public boolean isUnlimited() {
        return hardBytes == 0 && softBytes == 0;
    }

    /** Redis's {@code CONFIG GET} form of the three numbers. */
    String render() {
        return hardBytes + " " + softBytes + " " + softSeconds;
    }
}
