package dev.crucible.broker.metadata;

import dev.crucible.broker.common.DurableFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * One file holding a whole {@link MetadataImage}: a magic, the body's length and CRC32C, the body
 * ({@link MetadataCodec}). Written to a temporary file, forced and renamed, so a crash leaves the old
 * snapshot or the new one; a damaged file is refused with a message naming what does not match.
 */
public final class MetadataSnapshot {
    private static final int MAGIC = 0x43524d53; // "CRMS"
    private static final int HEADER = 12;

    private MetadataSnapshot() {
    }

    public static void write(Path file, MetadataImage image) throws IOException {
        byte[] body = MetadataCodec.encode(image);
        ByteBuffer out = ByteBuffer.allocate(HEADER + body.length);
        out.putInt(MAGIC).putInt(body.length).putInt(crc(body)).put(body).flip();
        DurableFiles.replace(file, out);
    }

    public static MetadataImage read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(all);
        if (all.length < HEADER || in.getInt() != MAGIC) {
            throw new IOException("metadata snapshot " + file + " is not one (bad magic or shorter than its header)");
        }
        int length = in.getInt();
        int crc = in.getInt();
        if (length != all.length - HEADER) {
            throw new IOException("metadata snapshot " + file + " says " + length + " bytes, holds " + (all.length - HEADER));
        }
        byte[] body = new byte[length];
        in.get(body);
        if (crc(body) != crc) {
            throw new IOException("metadata snapshot " + file + " fails its CRC32C check");
        }
        try {
            return MetadataCodec.decodeImage(body);
        } catch (IllegalArgumentException e) {
            throw new IOException("metadata snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    private static int crc(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return (int) crc.getValue();
    }
}
