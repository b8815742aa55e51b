package dev.crucible.check.history;

import java.nio.file.Path;
import java.util.List;

/**
 * A history as read from a file: every event in file order (nemesis records included), and
 * where it came from.
 *
 * @param ops the events
 * @param source the file, or null
 * @param format the format it was read in ("jsonl", "edn", "porcupine-etcd", "porcupine-kv")
 */
public record History(List<Op> ops, Path source, String format) {}
