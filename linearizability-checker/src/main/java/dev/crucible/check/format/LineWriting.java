package dev.crucible.check.format;

import dev.crucible.check.history.Op;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** One event per line, whatever the line's format: what the JSON lines and EDN writers share. */
final class LineWriting {
    private LineWriting() {}

    static String toText(Iterable<Op> ops, Function<Op, String> line) {
        StringBuilder sb = new StringBuilder();
        for (Op op : ops) {
            sb.append(line.apply(op)).append('\n');
        }
        return sb.toString();
    }

    static void write(Iterable<Op> ops, Writer out, Function<Op, String> line) {
        try {
            for (Op op : ops) {
                out.write(line.apply(op));
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Iterable<Op> ops, Path file, Function<Op, String> line) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(ops, w, line);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }
}
