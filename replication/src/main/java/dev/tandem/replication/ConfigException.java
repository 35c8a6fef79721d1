/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

/**
 * A configuration directive was unknown or its value invalid. {@link #reason()} is worded as
 * Redis words it (e.g. {@code argument must be between 1 and 2147483647 inclusive}).
 */
public final class ConfigException extends IllegalArgumentException {

    private final String directive;
    private final String reason;

    public ConfigException(String directive, String value, String reason) {
        super(value == null
                ? directive + ": " + reason
                : "Invalid argument '" + value + "' for '" + directive + "': " + reason);
        this.directive = directive;
        this.reason = reason;
    }

    /** The directive as given (or its canonical name for builder errors). */
    public String directive() {
        return directive;
    }

    /** Redis's wording of the problem. */
    public String reason() {
        return reason;
    }
}
