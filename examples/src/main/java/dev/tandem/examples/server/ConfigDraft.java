package dev.tandem.examples.server;

import dev.tandem.replication.ReplicationConfig;
import java.nio.file.Path;

/** The configuration while directives are being applied: later directives override earlier ones. */
final class ConfigDraft {

    final LauncherConfig.Builder launcher;
    final ReplicationConfig.Builder replication = ReplicationConfig.builder();
    /** {@code logfile} as written: resolved against the final {@code dir} once everything is read, as Redis opens it. */
    String logfile = "";

    ConfigDraft(Path workingDirectory) {
        launcher = new LauncherConfig.Builder(workingDirectory);
    }
}
