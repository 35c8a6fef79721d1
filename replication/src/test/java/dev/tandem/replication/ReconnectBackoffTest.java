/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 100", "2, 200", "3, 400", "4, 800", "5, 1600", "6, 2000", "50, 2000"})
    void immediateAfterALostLinkThenDoublingToTheCap(int failures, long expectedMillis) {
        assertEquals(expectedMillis, ReconnectBackoff.DEFAULT.delayMillis(failures));
    }

    @Test
    void rejectsAnInitialDelayAboveTheCap() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectBackoff(Duration.ofSeconds(3), Duration.ofSeconds(2)));
    }
}
