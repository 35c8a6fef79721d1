package dev.tandem.core;

/** Unix time in milliseconds; injectable so tests control expiry. */
@FunctionalInterface
public interface KeyspaceClock {
    long nowMillis();

    KeyspaceClock SYSTEM = System::currentTimeMillis;
}
