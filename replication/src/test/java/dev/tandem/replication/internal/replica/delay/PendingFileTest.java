/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica.delay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.resp.RespCommand;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pending file's format rules: what continues a data set, what is torn, what is unusable. */
class PendingFileTest {

    private static final String ID = "a".repeat(40);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("dump.rdb.pending");
    }

    /** A {@code SET k v} unit of 10 bytes (an arbitrary wire length: the file keeps, it does not re-encode). */
    private static HeldUnit unit(long start) {
        byte[][] argv = {"SET".getBytes(StandardCharsets.US_ASCII), "k".getBytes(StandardCharsets.US_ASCII),
                Long.toString(start).getBytes(StandardCharsets.US_ASCII)};
        return new HeldUnit(start, 10, 1000 + start, 5, 0, true, List.of(new RespCommand(argv, 10, false)));
    }

    private PendingFile written(int units) {
        PendingFile f = new PendingFile(this::file);
        for (int i = 0; i < units; i++) {
            f.append(unit(101 + 10L * i), ID);
        }
        f.close();
        return f;
    }

    private List<Long> restore(long applied) throws Exception {
        List<Long> starts = new ArrayList<>();
        PendingFile f = new PendingFile(this::file);
        try {
            assertTrue(f.restore(ID, applied, u -> starts.add(u.startOffset())));
        } finally {
            f.close();
        }
        return starts;
    }

    @Test
    void theUnitsAfterTheAppliedOffsetContinueIt() throws Exception {
        written(5); // offsets 101..150, base 100
        assertEquals(List.of(121L, 131L, 141L), restore(120));
        // The restore rewrote the file from 120: it continues from there, and not from before.
        assertEquals(List.of(131L, 141L), restore(130));
        assertThrows(PendingFile.Unusable.class, () -> restore(100), "its base is 130 now: a gap before it");
    }

    @Test
    void aTornLastRecordEndsTheFile() throws Exception {
        written(3);
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            raf.setLength(raf.length() - 3);
        }
        assertEquals(List.of(101L, 111L), restore(100));
        // Cut off for good: a new unit appended now follows the last complete one.
        PendingFile f = new PendingFile(this::file);
        f.restore(ID, 100, u -> { });
        f.append(unit(121), ID);
        f.close();
        assertEquals(List.of(101L, 111L, 121L), restore(100));
    }

    @Test
    void aFileThatDoesNotReachOrContinueTheAppliedOffsetIsUnusable() throws Exception {
        written(2); // 101..120
        assertThrows(PendingFile.Unusable.class, () -> restore(99), "starts after the applied offset");
        assertThrows(PendingFile.Unusable.class, () -> restore(130), "ends before the applied offset");
        assertThrows(PendingFile.Unusable.class, () -> restore(105), "a unit straddles the applied offset");
        PendingFile f = new PendingFile(this::file);
        assertThrows(PendingFile.Unusable.class, () -> f.restore("b".repeat(40), 100, u -> { }), "another history");
    }

    @Test
    void aDamagedRecordOrHeaderIsAnError() throws Exception {
        written(2);
        byte[] bytes = Files.readAllBytes(file());
        bytes[bytes.length - 8] ^= 1;
        Files.write(file(), bytes);
        PendingFile f = new PendingFile(this::file);
        assertThrows(java.io.IOException.class, () -> f.restore(ID, 100, u -> { }));
        Files.write(file(), new byte[] {'T', 'N', 'D'});
        assertThrows(java.io.IOException.class, () -> f.restore(ID, 100, u -> { }));
    }

    @Test
    void aRewriteAfterASaveKeepsTheRecordsFromItsOffsetAndClearDeletes() throws Exception {
        PendingFile f = new PendingFile(this::file);
        for (int i = 0; i < 4; i++) {
            f.append(unit(101 + 10L * i), ID);
        }
        f.rewrite(ID, 120);
        f.append(unit(141), ID);
        f.close();
        assertEquals(List.of(121L, 131L, 141L), restore(120));
        PendingFile g = new PendingFile(this::file);
        g.restore(ID, 120, u -> { });
        g.clear();
        assertFalse(Files.exists(file()));
        assertFalse(new PendingFile(this::file).restore(ID, 120, u -> { }), "no file: nothing to resume");
    }
}
