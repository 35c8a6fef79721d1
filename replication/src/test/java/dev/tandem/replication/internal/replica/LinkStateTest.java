/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicaLinkState;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.ReplicationId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The link's transition table, rule by rule (the scenarios are in {@link LinkTransitionsTest}). */
class LinkStateTest {

    private ReplicaSide side;
    private MasterConnection attempt;
    private MasterConnection otherAttempt;
    /** One state of each kind, all of {@link #attempt} where they belong to an attempt. */
    private Map<String, LinkState> samples;

    @BeforeEach
    void setUp() {
        side = ReplicaSide.notConnected(ReplicationConfig.defaults(), false);
        attempt = new MasterConnection(side.link, FailureStreak.NONE);
        otherAttempt = new MasterConnection(side.link, FailureStreak.NONE);
        samples = new LinkedHashMap<>();
        samples.put("Backoff", LinkState.Backoff.notStarted(0));
        samples.put("Connecting", new LinkState.Connecting(attempt));
        samples.put("Handshake", new LinkState.Handshake(attempt, HandshakeStep.RECEIVE_PING_REPLY));
        samples.put("Transfer", new LinkState.Transfer(attempt, new FullSyncLoader(attempt, ReplicationId.random(), 0)));
        samples.put("Streaming", new LinkState.Streaming(attempt, new StreamApplier(attempt, 0, 0)));
        samples.put("Parked", new LinkState.Parked("refused"));
        samples.put("Stopped", new LinkState.Stopped());
    }

    @AfterEach
    void tearDown() {
        side.close();
    }

    @Test
    void theTableAllowsExactlyTheseTransitions() {
        // from -> the kinds that may follow it (within the same attempt)
        Map<String, List<String>> expected = Map.of(
                // -> Parked from every live state: REPLDELAY SKIP detaches a delayed replica.
                "Backoff", List.of("Connecting", "Parked", "Stopped"),
                "Connecting", List.of("Backoff", "Parked", "Stopped"), // -> Handshake only at PING, below
                "Handshake", List.of("Backoff", "Transfer", "Streaming", "Parked", "Stopped"),
                "Transfer", List.of("Backoff", "Streaming", "Parked", "Stopped"),
                "Streaming", List.of("Backoff", "Parked", "Stopped"),
                "Parked", List.of("Connecting", "Stopped"),
                "Stopped", List.of());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, LinkState> from : samples.entrySet()) {
            for (Map.Entry<String, LinkState> to : samples.entrySet()) {
                boolean legal = LinkState.isLegal(from.getValue(), to.getValue());
                boolean wanted = expected.get(from.getKey()).contains(to.getKey())
                        || from.getKey().equals("Connecting") && to.getKey().equals("Handshake");
                if (legal != wanted) {
                    wrong.add(from.getKey() + " -> " + to.getKey() + (legal ? " allowed" : " refused"));
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void nothingFollowsStopped() {
        for (LinkState next : samples.values()) {
            assertFalse(LinkState.isLegal(new LinkState.Stopped(), next), "Stopped -> " + next);
        }
    }

    @Test
    void anAttemptsStatesNeverHandOverToAnotherAttempt() {
        LinkState handshake = new LinkState.Handshake(attempt, HandshakeStep.RECEIVE_PSYNC_REPLY);
        assertFalse(LinkState.isLegal(new LinkState.Connecting(otherAttempt),
                new LinkState.Handshake(attempt, HandshakeStep.RECEIVE_PING_REPLY)));
        assertFalse(LinkState.isLegal(handshake, new LinkState.Streaming(otherAttempt, new StreamApplier(otherAttempt, 0, 0))));
        assertTrue(LinkState.isLegal(handshake, new LinkState.Streaming(attempt, new StreamApplier(attempt, 0, 0))));
    }

    @Test
    void theHandshakeStartsAtPingAndItsStepsOnlyMoveForward() {
        LinkState connecting = new LinkState.Connecting(attempt);
        for (HandshakeStep step : HandshakeStep.values()) {
            assertEquals(step == HandshakeStep.RECEIVE_PING_REPLY,
                    LinkState.isLegal(connecting, new LinkState.Handshake(attempt, step)), step.name());
        }
        List<String> allowed = new ArrayList<>();
        for (HandshakeStep from : HandshakeStep.values()) {
            for (HandshakeStep to : HandshakeStep.values()) {
                if (LinkState.isLegal(new LinkState.Handshake(attempt, from), new LinkState.Handshake(attempt, to))) {
                    allowed.add(from.name().replace("RECEIVE_", "").replace("_REPLY", "") + ">"
                            + to.name().replace("RECEIVE_", "").replace("_REPLY", ""));
                }
            }
        }
        assertEquals(List.of("PING>AUTH", "PING>PORT", "AUTH>PORT", "PORT>IP", "PORT>CAPA", "IP>CAPA", "CAPA>PSYNC"),
                allowed);
    }

    @Test
    void everyStateReportsWhatRoleAndInfoShow() {
        Map<String, ReplicaLinkState> reported = new LinkedHashMap<>();
        samples.forEach((name, state) -> reported.put(name, state.reported()));
        assertEquals(Map.of("Backoff", ReplicaLinkState.CONNECT, "Connecting", ReplicaLinkState.CONNECTING,
                "Handshake", ReplicaLinkState.HANDSHAKE, "Transfer", ReplicaLinkState.TRANSFER,
                "Streaming", ReplicaLinkState.CONNECTED, "Parked", ReplicaLinkState.CONNECT,
                "Stopped", ReplicaLinkState.CONNECT), reported);
    }

    @Test
    void aRepeatedHandshakeFailureIsRecognisedAndATransferFailureKeepsTheLastOne() {
        FailureStreak once = FailureStreak.NONE.handshakeFailed("refused");
        assertTrue(once.repeats("refused"));
        assertFalse(once.repeats("timeout"));
        FailureStreak twice = once.transferFailed();
        assertEquals(2, twice.failures());
        assertTrue(twice.repeats("refused"));
        assertFalse(FailureStreak.NONE.repeats("refused"));
    }
}
