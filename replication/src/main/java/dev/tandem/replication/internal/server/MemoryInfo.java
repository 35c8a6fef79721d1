/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.Eviction;
import dev.tandem.core.internal.Keyspace;
import java.util.Locale;

/**
 * INFO's {@code # Memory} section: Redis 7.0.15's fields in its order, over the keyspace's
 * incremental accounting. {@code used_memory} is the data set's heap bytes as accounted (what
 * {@code maxmemory} is compared with); the allocator and RSS fields, which Redis takes from
 * jemalloc and the kernel, are the JVM heap's figures here: {@code used_memory_rss} and
 * {@code allocator_active/resident} the committed heap, {@code allocator_allocated} the heap in use.
 * The backlog and the clients' output buffers ({@link BufferMemory}) are added to
 * {@code used_memory} and {@code used_memory_overhead} and reported in Redis's {@code mem_*} fields;
 * {@code maxmemory} counts all but the replicas' part, as Redis. Scripting fields are left out. Tandem adds {@code tandem_jvm_heap_used} and {@code tandem_jvm_heap_max} at the end.
 */
final class MemoryInfo {
    private MemoryInfo() {
    }

    static void append(StringBuilder out, Keyspace ks, RespServer server) {
        Runtime rt = Runtime.getRuntime();
        long committed = rt.totalMemory();
        long heapUsed = committed - rt.freeMemory();
        dev.tandem.replication.ReplicationInfo repl = server.replication().replicationInfo();
        BufferMemory buffers = new BufferMemory(server, repl::backlogHistlen, repl::backlogSize,
                () -> repl.connectedSlaves() > 0 || repl.masterLink() != null);
        buffers.refresh();
        long tables = 0;
        for (int i = 0; i < ks.databaseCount(); i++) {
            tables += ks.database(i).tableBytes();
        }
        long dataset = ks.usedMemory() - tables;
        long overhead = tables + buffers.total();
        long used = dataset + overhead;
        long peak = Math.max(ks.memoryPeak(), used);
        Eviction eviction = ks.eviction();
        long max = eviction.maxmemory();
        long system = totalSystemMemory();
        out.append("# Memory\r\n");
        field(out, "used_memory", used);
        field(out, "used_memory_human", InfoCommand.human(used));
        field(out, "used_memory_rss", committed);
        field(out, "used_memory_rss_human", InfoCommand.human(committed));
        field(out, "used_memory_peak", peak);
        field(out, "used_memory_peak_human", InfoCommand.human(peak));
        field(out, "used_memory_peak_perc", percent(used, peak));
        field(out, "used_memory_overhead", overhead);
        field(out, "used_memory_startup", 0);
        field(out, "used_memory_dataset", dataset);
        field(out, "used_memory_dataset_perc", percent(dataset, used));
        field(out, "allocator_allocated", heapUsed);
        field(out, "allocator_active", committed);
        field(out, "allocator_resident", committed);
        field(out, "total_system_memory", system);
        field(out, "total_system_memory_human", InfoCommand.human(system));
        field(out, "maxmemory", max);
        field(out, "maxmemory_human", InfoCommand.human(max));
        field(out, "maxmemory_policy", eviction.policy().configName());
        field(out, "allocator_frag_ratio", ratio(committed, heapUsed));
        field(out, "allocator_frag_bytes", committed - heapUsed);
        field(out, "allocator_rss_ratio", "1.00");
        field(out, "allocator_rss_bytes", 0);
        field(out, "rss_overhead_ratio", "1.00");
        field(out, "rss_overhead_bytes", 0);
        field(out, "mem_fragmentation_ratio", ratio(committed, used));
        field(out, "mem_fragmentation_bytes", committed - used);
        field(out, "mem_not_counted_for_evict", buffers.notCountedForEviction());
        field(out, "mem_replication_backlog", buffers.replicationBacklog());
        field(out, "mem_total_replication_buffers", buffers.replicationBuffers());
        field(out, "mem_clients_slaves", buffers.replicaClients());
        field(out, "mem_clients_normal", buffers.normalClients());
        field(out, "mem_cluster_links", 0);
        field(out, "mem_aof_buffer", 0);
        field(out, "mem_allocator", "jvm");
        field(out, "active_defrag_running", 0);
        field(out, "lazyfree_pending_objects", 0);
        field(out, "lazyfreed_objects", 0);
        field(out, "tandem_jvm_heap_used", heapUsed);
        field(out, "tandem_jvm_heap_max", rt.maxMemory());
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : part * 100.0 / whole);
    }

    private static String ratio(long a, long b) {
        return String.format(Locale.ROOT, "%.2f", b == 0 ? 0.0 : (double) a / b);
    }

    private static long totalSystemMemory() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
    }
}
