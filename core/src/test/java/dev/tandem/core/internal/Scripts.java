/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/** Loads a {@link CommandScript} from the test resources' {@code scripts/} folder. */
final class Scripts {
    private Scripts() {
    }

    static Stream<DynamicTest> load(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream("/scripts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no script " + name);
            }
            return CommandScript.scenarios(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
