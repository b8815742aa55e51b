package dev.crucible.launch.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How one node's process is launched, the same on every (re)start.
 *
 * @param command the whole command line, any prefix that places it (ip netns exec ..) included
 * @param workDir its working directory, the node's folder: what it leaves there (a JVM's
 *     hs_err_pid*.log after a crash) stays with the run
 * @param output where its stdout and stderr are appended
 * @param host the address it listens on, as this host reaches it
 * @param port its client port
 * @param dataDir its data directory (log.dirs)
 */
public record Launch(List<String> command, Path workDir, Path output, String host, int port, Path dataDir) {

    /** Checks the fields and copies the command. */
    public Launch {
        command = List.copyOf(command);
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
    }

    /** host:port. */
    public String address() {
        return host + ":" + port;
    }
}
