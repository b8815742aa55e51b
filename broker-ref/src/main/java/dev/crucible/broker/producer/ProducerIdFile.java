package dev.crucible.broker.producer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The file that makes producer ids unique across restarts: it holds a high-water mark, and every id
 * ever handed out is below it. Big-endian, {@link #SIZE} bytes:
 *
 * <pre>
 * offset  size  field
 *      0     4  magic       0x43504944 ("CPID")
 *      4     2  version     1
 *      6     8  highWater   ids below this may have been handed out; the next start hands out from here
 *     14     4  crc         CRC32C of bytes [0, 14)
 * </pre>
 *
 * <p>Written by replacement: the new content goes to {@code NAME.tmp}, is forced, renamed over the old
 * file atomically, and the directory is forced, so a crash leaves either the old mark or the new one,
 * never a torn file. A file that is present but fails any check is corrupt, never read as zero.
 */
final class ProducerIdFile {
    static final String NAME = "producer-ids.state";
    static final int MAGIC = 0x43504944;
    static final short VERSION = 1;
    static final int SIZE = 18;
    private static final int CRC_AT = 14;

    private final Path file;
    private final Path temp;
    private final ByteBuffer buffer = ByteBuffer.allocate(SIZE).order(ByteOrder.BIG_ENDIAN);

    ProducerIdFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
        this.temp = dataDir.resolve(NAME + ".tmp");
    }

    Path path() {
        return file;
    }

    /** The stored high-water mark, or 0 when there is no file yet (a new broker). */
    long read() throws IOException {
        Files.deleteIfExists(temp);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
        return decode(file, bytes);
    }

    static long decode(Path file, byte[] bytes) throws CorruptProducerIdFileException {
        if (bytes.length != SIZE) {
            throw new CorruptProducerIdFileException(file, bytes.length + " bytes where " + SIZE + " are expected");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        if (buf.getInt(0) != MAGIC) {
            throw new CorruptProducerIdFileException(file, String.format("magic %08x, expected %08x", buf.getInt(0), MAGIC));
        }
        if (buf.getShort(4) != VERSION) {
            throw new CorruptProducerIdFileException(file, "unknown version " + buf.getShort(4));
        }
        int expected = buf.getInt(CRC_AT);
        int actual = crcOf(bytes);
        if (expected != actual) {
            throw new CorruptProducerIdFileException(file, String.format("CRC32C %08x, content gives %08x", expected, actual));
        }
        long highWater = buf.getLong(6);
        if (highWater < 0) {
            throw new CorruptProducerIdFileException(file, "negative high-water mark " + highWater);
        }
        return highWater;
    }

    /** Durably replaces the stored high-water mark. */
    void write(long highWater) throws IOException {
        buffer.clear();
        buffer.putInt(MAGIC).putShort(VERSION).putLong(highWater);
        buffer.putInt(crcOf(buffer.array()));
        buffer.flip();
        dev.crucible.broker.common.DurableFiles.replace(file, buffer);
    }

    private static int crcOf(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_AT);
        return (int) crc.getValue();
    }
}
