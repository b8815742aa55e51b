package dev.crucible.broker.producer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The producer id file exists but cannot be trusted (wrong size, magic, version or checksum). The
 * broker must not start handing out ids then: guessing could hand out an id again, and a reused id makes
 * partitions take one producer's batches for another's retries. An operator decides what to do.
 */
public final class CorruptProducerIdFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptProducerIdFileException(Path file, String defect) {
        super("producer id file " + file + " is corrupt (" + defect + "); refusing to hand out producer ids,"
            + " since ids already given out might be given out again. Restore the file, or replace it with one"
            + " whose high-water mark is above every id ever issued");
    }
}
