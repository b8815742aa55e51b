package dev.crucible.report.model;

import java.nio.file.Path;
import java.util.List;

/**
 * A JMH result file ({@code -rf json}).
 *
 * @param id name shown in tables
 * @param label the group (version) it belongs to
 * @param source the file
 * @param scores its benchmarks, in file order
 */
public record JmhRun(String id, String label, Path source, List<JmhScore> scores) {}
