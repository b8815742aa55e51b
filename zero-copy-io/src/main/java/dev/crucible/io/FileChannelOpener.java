package dev.crucible.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How the engine opens a segment's data file ({@code .log}). The default is {@link FileChannel#open};
 * a simulation passes one whose channels remember how much of each file a {@code force} made durable,
 * so that a simulated power failure can drop the rest (see {@link GroupCommitWriter.Settings#files()}).
 * Called once per segment opened or created, never on the append or read path.
 */
@FunctionalInterface
public interface FileChannelOpener {
    /** The file system itself. */
    FileChannelOpener DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
