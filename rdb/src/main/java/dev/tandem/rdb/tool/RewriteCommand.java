/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.tool;

import dev.tandem.rdb.RdbFormatException;
import dev.tandem.rdb.write.RdbRewriter;
import dev.tandem.rdb.write.RdbWriterOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code rdb rewrite [--version 9|10] IN OUT}: reads an RDB of any supported version and
 * writes it as the writer's default output (version 9, types every Redis from 5.0 on loads),
 * printing on stderr, one {@code rdb: note:} line each, whatever could not be carried.
 * Exit status as the other commands: 0 done, 1 bad input file, 2 usage or I/O error.
 */
final class RewriteCommand {
    private RewriteCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        int version = RdbWriterOptions.DEFAULT_VERSION;
        int i = 1;
        if (args.length == 5 && args[1].equals("--version")) {
            try {
                version = Integer.parseInt(args[2]);
            } catch (NumberFormatException e) {
                version = -1;
            }
            i = 3;
        }
        if (args.length - i != 2 || (version != 9 && version != 10)) {
            err.println("usage: rdb rewrite [--version 9|10] IN OUT");
            return RdbTool.USAGE;
        }
        Path in = Path.of(args[i]);
        Path outFile = Path.of(args[i + 1]);
        if (!Files.isRegularFile(in)) {
            err.println("rdb: no such file: " + in);
            return RdbTool.USAGE;
        }
        try {
            RdbRewriter.Result r = RdbRewriter.rewrite(in, outFile, RdbWriterOptions.builder().version(version).build());
            for (String note : r.notes()) {
                err.println("rdb: note: " + note);
            }
            out.println("rewrote " + in + " (RDB " + r.inputVersion() + ") to " + outFile + " (RDB " + version + "): "
                    + r.keys() + " keys, " + r.bytes() + " bytes");
            return RdbTool.OK;
        } catch (RdbFormatException e) {
            err.println("rdb: " + in + " is not a valid RDB file; nothing written");
            err.println("rdb: error (" + e.kind() + "): " + e.getMessage());
            return RdbTool.BAD_FILE;
        } catch (IOException e) {
            err.println("rdb: rewrite failed: " + e);
            return RdbTool.USAGE;
        }
    }
}
