/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.tool;

import dev.tandem.rdb.DuplicateKeyDetector;
import dev.tandem.rdb.ForwardingRdbVisitor;
import dev.tandem.rdb.RdbChecksum;
import dev.tandem.rdb.RdbCollector;
import dev.tandem.rdb.RdbFormatException;
import dev.tandem.rdb.RdbFunction;
import dev.tandem.rdb.RdbKey;
import dev.tandem.rdb.RdbReader;
import dev.tandem.rdb.RdbReaderConfig;
import dev.tandem.rdb.RdbValue;
import dev.tandem.rdb.RdbVisitor;
import dev.tandem.rdb.RdbWarning;
import dev.tandem.rdb.ValueKind;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code rdb} command-line tool.
 *
 * <pre>
 * rdb dump FILE    JSON Lines: a header line, then one line per key (see {@link DumpWriter})
 * rdb check FILE   validate and print a summary
 * rdb rewrite IN OUT   rewrite as a version-9 RDB (see {@link RewriteCommand})
 * </pre>
 *
 * Both verify the checksum, detect duplicate keys and duplicate members, and skip module data
 * with a warning. Exit status: 0 = valid, 1 = the file is bad (the error, with its byte
 * offset, goes to stderr), 2 = usage or I/O error.
 */
public final class RdbTool {
    static final int OK = 0;
    static final int BAD_FILE = 1;
    static final int USAGE = 2;
    private static final int MAX_WARNINGS_SHOWN = 20;

    private RdbTool() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status = run(args, out, err);
        out.flush();
        System.exit(status);
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("rewrite")) {
            return RewriteCommand.run(args, out, err);
        }
        if (args.length != 2 || !(args[0].equals("dump") || args[0].equals("check"))) {
            err.println("usage: rdb dump FILE | rdb check FILE | rdb rewrite [--version 9|10] IN OUT");
            return USAGE;
        }
        Path file = Path.of(args[1]);
        if (!Files.isRegularFile(file)) {
            err.println("rdb: no such file: " + file);
            return USAGE;
        }
        try {
            return args[0].equals("dump") ? dump(file, out, err) : check(file, out, err);
        } catch (NoSuchFileException e) {
            err.println("rdb: no such file: " + file);
            return USAGE;
        } catch (IOException e) {
            err.println("rdb: cannot read " + file + ": " + e.getMessage());
            return USAGE;
        }
    }

    private static int dump(Path file, PrintStream out, PrintStream err) throws IOException {
        DumpWriter dump = new DumpWriter(out);
        RdbVisitor visitor = new ForwardingRdbVisitor(new RdbCollector(dump::key)) {
            @Override
            public void onHeader(int version) {
                dump.header(version);
            }

            @Override
            public void onAux(byte[] key, byte[] value) {
                dump.aux(key, value);
            }

            @Override
            public void onFunction(RdbFunction function) {
                dump.function(function);
            }

            @Override
            public void onSelectDb(int db) {
                dump.writeHeader();
            }

            @Override
            public void onWarning(RdbWarning warning) {
                err.println("rdb: warning: " + warning);
            }

            @Override
            public void onEnd(RdbChecksum checksum) {
                dump.end(checksum);
            }
        };
        try {
            RdbReader.read(file, new DuplicateKeyDetector(visitor), RdbReaderConfig.defaults());
            out.flush();
            return OK;
        } catch (RdbFormatException e) {
            out.flush();
            err.println("rdb: " + file + ": " + e.getMessage());
            return BAD_FILE;
        }
    }

    private static int check(Path file, PrintStream out, PrintStream err) throws IOException {
        Summary summary = new Summary();
        RdbVisitor counting = new ForwardingRdbVisitor(new RdbCollector(summary::key)) {
            @Override
            public void onAux(byte[] key, byte[] value) {
                summary.aux.add(new String(key, StandardCharsets.UTF_8) + "=" + new String(value, StandardCharsets.UTF_8));
            }

            @Override
            public void onFunction(RdbFunction function) {
                summary.functions++;
            }

            @Override
            public void onWarning(RdbWarning warning) {
                summary.warnings.add(warning);
            }
        };
        RdbReader reader;
        try {
            reader = RdbReader.read(file, new DuplicateKeyDetector(counting), RdbReaderConfig.defaults());
        } catch (RdbFormatException e) {
            err.println("rdb: " + file + " is not a valid RDB file");
            err.println("rdb: error (" + e.kind() + "): " + e.getMessage());
            return BAD_FILE;
        }
        out.println("file: " + file + " (" + Files.size(file) + " bytes)");
        out.println("RDB version: " + reader.version());
        out.println("checksum: " + reader.checksum());
        out.println("aux: " + String.join(", ", summary.aux));
        out.println("functions: " + summary.functions);
        long total = 0;
        for (Map.Entry<Integer, Map<ValueKind, long[]>> db : summary.perDb.entrySet()) {
            long keys = 0;
            long expiring = 0;
            List<String> parts = new ArrayList<>();
            for (Map.Entry<ValueKind, long[]> kind : db.getValue().entrySet()) {
                keys += kind.getValue()[0];
                expiring += kind.getValue()[1];
                parts.add(kind.getKey().redisName() + " " + kind.getValue()[0]);
            }
            total += keys;
            out.println("db " + db.getKey() + ": " + keys + " keys (" + String.join(", ", parts) + "), "
                    + expiring + " with expiry");
        }
        out.println("keys: " + total);
        out.println("warnings: " + summary.warnings.size());
        for (int i = 0; i < Math.min(MAX_WARNINGS_SHOWN, summary.warnings.size()); i++) {
            out.println("  " + summary.warnings.get(i));
        }
        if (reader.trailingBytes() > 0) {
            out.println("ignored trailing bytes: " + reader.trailingBytes());
        }
        out.println("OK");
        return OK;
    }

    /** Counts for {@code check}. */
    private static final class Summary {
        final List<String> aux = new ArrayList<>();
        final List<RdbWarning> warnings = new ArrayList<>();
        final Map<Integer, Map<ValueKind, long[]>> perDb = new TreeMap<>();
        int functions;

        void key(RdbKey key, RdbValue value) {
            long[] counts = perDb.computeIfAbsent(key.db(), d -> new EnumMap<>(ValueKind.class))
                    .computeIfAbsent(value.kind(), k -> new long[2]);
            counts[0]++;
            if (key.hasExpiry()) {
                counts[1]++;
            }
        }
    }
}
