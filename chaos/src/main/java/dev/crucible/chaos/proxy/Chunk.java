package dev.crucible.chaos.proxy;

/**
 * What one read from a socket returned, or the end of the stream, on its way to the other side.
 * Data chunks are pooled per direction (see {@link ChunkPool}); end markers are not.
 */
final class Chunk {
    /** What the writer does with the chunk at its release time. */
    enum Kind {
        /** Write {@code length} bytes of {@code data}. */
        DATA,
        /** The source closed its side cleanly: half-close the sink. */
        FIN,
        /** The source ended with an error (a reset): reset both sides. */
        RESET
    }

    final byte[] data;
    Kind kind = Kind.DATA;
    int length;
    long releaseNs;

    Chunk(int capacity) {
        this.data = new byte[capacity];
    }

    static Chunk marker(Kind kind, long releaseNs) {
        Chunk chunk = new Chunk(0);
        chunk.kind = kind;
        chunk.releaseNs = releaseNs;
        return chunk;
    }
}
