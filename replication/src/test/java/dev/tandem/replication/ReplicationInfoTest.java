/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import dev.tandem.replication.internal.info.InfoReplicationFormatter;
import dev.tandem.replication.internal.info.RoleReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.replication.spi.BacklogRange;
import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.ReplicationInfo.ConnectedReplica;
import dev.tandem.replication.ReplicationInfo.MasterLink;
import dev.tandem.replication.ReplicationInfo.SyncProgress;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected texts are the reference's §13 example and sections captured from a real
 * redis-server 7.0.15 (fresh master; replica connected; replica whose master went away;
 * replica that never reached its master).
 */
class ReplicationInfoTest {

    private static final ReplicationId ID = ReplicationId.parse("9b684c7277f1ec4556a5ed76edcb9d3a61e25bd8");

    private static String crlf(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    private static MasterLink link(ReplicaLinkState state, int lastIo, long read, long applied, boolean client,
            SyncProgress progress, long downSince) {
        return new MasterLink("127.0.0.1", 7381, state, lastIo, read, applied, client, progress, downSince, 100, true, true);
    }

    @Test
    void masterWithOneOnlineReplicaMatchesTheReference() {
        ReplicationInfo info = ReplicationInfo.of(null, 1, OptionalInt.empty(),
                List.of(new ConnectedReplica("127.0.0.1", 7380, ReplicaSyncState.ONLINE, 865, 0)),
                new ReplicationHistory(ID, ReplicationId.NONE, -1), BacklogRange.active(865, 865), 1048576);
        assertEquals(crlf(
                "# Replication",
                "role:master",
                "connected_slaves:1",
                "slave0:ip=127.0.0.1,port=7380,state=online,offset=865,lag=0",
                "master_failover_state:no-failover",
                "master_replid:9b684c7277f1ec4556a5ed76edcb9d3a61e25bd8",
                "master_replid2:0000000000000000000000000000000000000000",
                "master_repl_offset:865",
                "second_repl_offset:-1",
                "repl_backlog_active:1",
                "repl_backlog_size:1048576",
                "repl_backlog_first_byte_offset:1",
                "repl_backlog_histlen:865"), info.toString());
    }

    @Test
    void minSlavesGoodSlavesAndSeveralReplicaStates() {
        ReplicationInfo info = ReplicationInfo.of(null, 3, OptionalInt.of(1),
                List.of(new ConnectedReplica("127.0.0.1", 7380, ReplicaSyncState.ONLINE, 865, 6),
                        new ConnectedReplica("10.9.8.7", 7777, ReplicaSyncState.SEND_BULK, 0, 42),
                        new ConnectedReplica("127.0.0.1", 0, ReplicaSyncState.WAIT_BGSAVE, 0, 9)),
                new ReplicationHistory(ID, ReplicationId.NONE, -1), BacklogRange.active(865, 865), 1048576);
        String text = info.toString();
        assertEquals(crlf(
                "# Replication",
                "role:master",
                "connected_slaves:3",
                "min_slaves_good_slaves:1",
                "slave0:ip=127.0.0.1,port=7380,state=online,offset=865,lag=6",
                "slave1:ip=10.9.8.7,port=7777,state=send_bulk,offset=0,lag=0",
                "slave2:ip=127.0.0.1,port=0,state=wait_bgsave,offset=0,lag=0",
                "master_failover_state:no-failover",
                "master_replid:9b684c7277f1ec4556a5ed76edcb9d3a61e25bd8",
                "master_replid2:0000000000000000000000000000000000000000",
                "master_repl_offset:865",
                "second_repl_offset:-1",
                "repl_backlog_active:1",
                "repl_backlog_size:1048576",
                "repl_backlog_first_byte_offset:1",
                "repl_backlog_histlen:865"), text);
    }

    @Test
    void freshMasterWithoutBacklog() {
        ReplicationId id = ReplicationId.parse("7fe9ebc9d07eadfff8f14951d9861cb446ffc7a8");
        ReplicationInfo info = ReplicationInfo.of(null, 0, OptionalInt.empty(), List.of(),
                new ReplicationHistory(id, ReplicationId.NONE, -1), BacklogRange.inactive(0), 10485760);
        assertEquals(crlf(
                "# Replication",
                "role:master",
                "connected_slaves:0",
                "master_failover_state:no-failover",
                "master_replid:7fe9ebc9d07eadfff8f14951d9861cb446ffc7a8",
                "master_replid2:0000000000000000000000000000000000000000",
                "master_repl_offset:0",
                "second_repl_offset:-1",
                "repl_backlog_active:0",
                "repl_backlog_size:10485760",
                "repl_backlog_first_byte_offset:0",
                "repl_backlog_histlen:0"), info.toString());
    }

    @Test
    void connectedReplica() {
        ReplicationId id = ReplicationId.parse("23daf4c28e6be17d934b64b3bca5fe1fbeedf584");
        ReplicationInfo info = ReplicationInfo.of(link(ReplicaLinkState.CONNECTED, 1, 64, 64, true, null, -1), 0,
                OptionalInt.empty(), List.of(), new ReplicationHistory(id, ReplicationId.NONE, -1),
                BacklogRange.active(64, 64), 1048576);
        assertEquals(crlf(
                "# Replication",
                "role:slave",
                "master_host:127.0.0.1",
                "master_port:7381",
                "master_link_status:up",
                "master_last_io_seconds_ago:1",
                "master_sync_in_progress:0",
                "slave_read_repl_offset:64",
                "slave_repl_offset:64",
                "slave_priority:100",
                "slave_read_only:1",
                "replica_announced:1",
                "connected_slaves:0",
                "master_failover_state:no-failover",
                "master_replid:23daf4c28e6be17d934b64b3bca5fe1fbeedf584",
                "master_replid2:0000000000000000000000000000000000000000",
                "master_repl_offset:64",
                "second_repl_offset:-1",
                "repl_backlog_active:1",
                "repl_backlog_size:1048576",
                "repl_backlog_first_byte_offset:1",
                "repl_backlog_histlen:64"), info.toString());
        assertEquals(List.of("slave", "127.0.0.1", 7381L, "connected", 64L), info.role().toElements());
    }

    @Test
    void replicaWhoseMasterWentAway() {
        ReplicationId id = ReplicationId.parse("23daf4c28e6be17d934b64b3bca5fe1fbeedf584");
        ReplicationInfo info = ReplicationInfo.of(link(ReplicaLinkState.CONNECT, -1, 64, 64, false, null, 2), 0,
                OptionalInt.empty(), List.of(), new ReplicationHistory(id, ReplicationId.NONE, -1),
                BacklogRange.active(64, 64), 1048576);
        assertEquals(crlf(
                "# Replication",
                "role:slave",
                "master_host:127.0.0.1",
                "master_port:7381",
                "master_link_status:down",
                "master_last_io_seconds_ago:-1",
                "master_sync_in_progress:0",
                "slave_read_repl_offset:64",
                "slave_repl_offset:64",
                "master_link_down_since_seconds:2",
                "slave_priority:100",
                "slave_read_only:1",
                "replica_announced:1",
                "connected_slaves:0",
                "master_failover_state:no-failover",
                "master_replid:23daf4c28e6be17d934b64b3bca5fe1fbeedf584",
                "master_replid2:0000000000000000000000000000000000000000",
                "master_repl_offset:64",
                "second_repl_offset:-1",
                "repl_backlog_active:1",
                "repl_backlog_size:1048576",
                "repl_backlog_first_byte_offset:1",
                "repl_backlog_histlen:64"), info.toString());
        assertEquals(List.of("slave", "127.0.0.1", 7381L, "connect", -1L), info.role().toElements());
    }

    @Test
    void replicaThatNeverReachedItsMaster() {
        ReplicationId id = ReplicationId.parse("5289ecbb87b9e36e9160941579d75a30fa139485");
        MasterLink never = new MasterLink("127.0.0.1", 37999, ReplicaLinkState.CONNECT, -1, 1, 1, false, null, -1,
                100, true, true);
        ReplicationInfo info = ReplicationInfo.of(never, 0, OptionalInt.empty(), List.of(),
                new ReplicationHistory(id, ReplicationId.NONE, -1), BacklogRange.inactive(0), 1048576);
        assertEquals(crlf(
                "# Replication",
                "role:slave",
                "master_host:127.0.0.1",
                "master_port:37999",
                "master_link_status:down",
                "master_last_io_seconds_ago:-1",
                "master_sync_in_progress:0",
                "slave_read_repl_offset:1",
                "slave_repl_offset:1",
                "master_link_down_since_seconds:-1",
                "slave_priority:100",
                "slave_read_only:1",
                "replica_announced:1",
                "connected_slaves:0",
                "master_failover_state:no-failover",
                "master_replid:5289ecbb87b9e36e9160941579d75a30fa139485",
                "master_replid2:0000000000000000000000000000000000000000",
                "master_repl_offset:0",
                "second_repl_offset:-1",
                "repl_backlog_active:0",
                "repl_backlog_size:1048576",
                "repl_backlog_first_byte_offset:0",
                "repl_backlog_histlen:0"), info.toString());
        assertEquals(List.of("slave", "127.0.0.1", 37999L, "connect", -1L), info.role().toElements());
    }

    @Test
    void transferFieldsAppearOnlyWhileSyncing() {
        ReplicationInfo lengthForm = ReplicationInfo.of(
                link(ReplicaLinkState.TRANSFER, 0, 1, 1, false, new SyncProgress(2185, 500, 2), -1), 0,
                OptionalInt.empty(), List.of(), ReplicationHistory.fresh(), BacklogRange.inactive(0), 1048576);
        String text = lengthForm.toString();
        String expected = crlf(
                "master_sync_in_progress:1",
                "slave_read_repl_offset:1",
                "slave_repl_offset:1",
                "master_sync_total_bytes:2185",
                "master_sync_read_bytes:500",
                "master_sync_left_bytes:1685",
                "master_sync_perc:22.88",
                "master_sync_last_io_seconds_ago:2",
                "master_link_down_since_seconds:-1",
                "slave_priority:100");
        assertEquals(true, text.contains(expected), text);
        assertEquals(List.of("slave", "127.0.0.1", 7381L, "sync", -1L), lengthForm.role().toElements());

        ReplicationInfo eofForm = ReplicationInfo.of(
                link(ReplicaLinkState.TRANSFER, 0, 1, 1, false, new SyncProgress(0, 500, 0), -1), 0,
                OptionalInt.empty(), List.of(), ReplicationHistory.fresh(), BacklogRange.inactive(0), 1048576);
        assertEquals(true, eofForm.toString().contains(crlf(
                "master_sync_total_bytes:0",
                "master_sync_read_bytes:500",
                "master_sync_left_bytes:-500",
                "master_sync_perc:0.00",
                "master_sync_last_io_seconds_ago:0")), eofForm.toString());

        // Before the payload header arrives Redis's transfer size is -1 (observed on 7.0.15).
        ReplicationInfo beforeHeader = ReplicationInfo.of(
                link(ReplicaLinkState.TRANSFER, -1, 1, 1, false, new SyncProgress(-1, 0, 0), -1), 0,
                OptionalInt.empty(), List.of(), ReplicationHistory.fresh(), BacklogRange.inactive(0), 1048576);
        assertEquals(true, beforeHeader.toString().contains(crlf(
                "master_last_io_seconds_ago:-1",
                "master_sync_in_progress:1",
                "slave_read_repl_offset:1",
                "slave_repl_offset:1",
                "master_sync_total_bytes:-1",
                "master_sync_read_bytes:0",
                "master_sync_left_bytes:-1",
                "master_sync_perc:-0.00",
                "master_sync_last_io_seconds_ago:0")), beforeHeader.toString());
    }

    @Test
    void progressIsRequiredExactlyDuringTransfer() {
        assertThrows(IllegalArgumentException.class, () -> link(ReplicaLinkState.TRANSFER, 0, 1, 1, false, null, -1));
        assertThrows(IllegalArgumentException.class,
                () -> link(ReplicaLinkState.CONNECTED, 0, 1, 1, true, new SyncProgress(1, 1, 0), -1));
    }

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource({"1,800,0.12", "3,800,0.38", "1,8,12.50", "500,2185,22.88", "2,3,66.67", "5,1600,0.31", "0,0,0.00",
        "7,0,0.00", "10,10,100.00",
        "0,-1,-0.00"})
    void percentRoundsLikeCPrintf(long read, long total, String expected) {
        assertEquals(expected, InfoReplicationFormatter.percent(read, total));
    }

    @Test
    void roleOfAMasterListsOnlineReplicasAsBulkStrings() {
        // Reference: *3 $6 master :893 *1 *3 $9 127.0.0.1 $4 7380 $3 893
        ReplicationInfo info = ReplicationInfo.of(null, 2, OptionalInt.empty(),
                List.of(new ConnectedReplica("127.0.0.1", 7380, ReplicaSyncState.ONLINE, 893, 1),
                        new ConnectedReplica("127.0.0.1", 7390, ReplicaSyncState.SEND_BULK, 0, 0)),
                ReplicationHistory.fresh(), BacklogRange.active(893, 893), 1048576);
        RoleReply role = info.role();
        assertEquals(List.of("master", 893L, List.of(List.of("127.0.0.1", "7380", "893"))), role.toElements());
        assertEquals(new RoleReply.Master(893, List.of(new RoleReply.ReplicaEntry("127.0.0.1", 7380, 893))), role);
    }

    @Test
    void roleOfAReplicaInHandshake() {
        RoleReply role = new RoleReply.Replica("10.0.0.1", 6379, ReplicaLinkState.HANDSHAKE, -1);
        assertEquals(List.of("slave", "10.0.0.1", 6379L, "handshake", -1L), role.toElements());
    }

    @Test
    void allLinkStateNamesMatchRoleCommand() {
        assertEquals(List.of("none", "connect", "connecting", "handshake", "sync", "connected"),
                java.util.Arrays.stream(ReplicaLinkState.values()).map(ReplicaLinkState::roleName).toList());
    }

    @Test
    void shiftedHistoryShowsReplid2AndSecondOffset() {
        ReplicationHistory promoted = new ReplicationHistory(ReplicationId.parse("2abcb3aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), ID, 1036);
        String text = ReplicationInfo.of(null, 0, OptionalInt.empty(), List.of(), promoted,
                BacklogRange.active(1035, 1035), 1048576).toString();
        assertEquals(true, text.contains(crlf(
                "master_replid:2abcb3aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "master_replid2:9b684c7277f1ec4556a5ed76edcb9d3a61e25bd8",
                "master_repl_offset:1035",
                "second_repl_offset:1036")), text);
    }
}
