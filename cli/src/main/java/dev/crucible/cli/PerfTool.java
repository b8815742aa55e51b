package dev.crucible.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apache Kafka's own performance tools, as {@code crucible perf} runs them: the command line of each and what its
 * final summary says. The tools print a fixed summary (its shape has been stable across 3.x and 4.x); a summary that
 * does not parse is an error naming the tool and its last lines, never a zero.
 */
enum PerfTool {
    /** {@code kafka-producer-perf-test.sh}: records/s, MB/s and latency percentiles of acknowledged sends. */
    PRODUCE("org.apache.kafka.tools.ProducerPerformance"),
    /** {@code kafka-consumer-perf-test.sh}: records/s and MB/s of one consumer reading the topic. */
    CONSUME("org.apache.kafka.tools.ConsumerPerformance"),
    /** {@code kafka-e2e-latency.sh}: produce one record, consume it, repeat; latency percentiles. */
    E2E("org.apache.kafka.tools.EndToEndLatency");

    private static final String NUMBER = "([0-9]+(?:\\.[0-9]+)?)";
    private static final Pattern PRODUCED = Pattern.compile("(?m)^([0-9]+) records sent, " + NUMBER + " records/sec \\(" + NUMBER
            + " MB/sec\\), " + NUMBER + " ms avg latency, " + NUMBER + " ms max latency, " + NUMBER + " ms 50th, " + NUMBER
            + " ms 95th, " + NUMBER + " ms 99th, " + NUMBER + " ms 99\\.9th\\.\\s*$");
    private static final Pattern E2E_AVG = Pattern.compile("(?m)^Avg latency: " + NUMBER + " ms\\s*$");
    private static final Pattern E2E_PERCENTILES = Pattern.compile("(?m)^Percentiles: 50th = " + NUMBER + ", 99th = " + NUMBER
            + ", 99\\.9th = " + NUMBER + "\\s*$");

    final String mainClass;

    PerfTool(String mainClass) {
        this.mainClass = mainClass;
    }

    /**
     * One tool run's summary. Latencies in ms (-1 where the tool gives none: the consumer tool reports none, the
     * end-to-end tool no throughput).
     */
    record Summary(long records, double recordsPerSec, double mbPerSec, double avgMs, double p50Ms, double p99Ms, double p999Ms) {}

    /** The arguments of one run against {@code bootstrap}. */
    List<String> arguments(String bootstrap, String topic, long records, int recordSize, String acks, Map<String, String> clientConfig) {
        List<String> args = new ArrayList<>();
        switch (this) {
            case PRODUCE -> {
                args.addAll(List.of("--topic", topic, "--num-records", Long.toString(records), "--record-size",
                        Integer.toString(recordSize), "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap,
                        "acks=" + acks));
                clientConfig.forEach((k, v) -> args.add(k + "=" + v));
            }
            case CONSUME -> {
                args.addAll(List.of("--bootstrap-server", bootstrap, "--topic", topic, "--messages", Long.toString(records),
                        "--timeout", "60000"));
                if (!clientConfig.isEmpty()) {
                    throw new IllegalArgumentException("--client-config applies to produce and e2e runs (the consumer tool takes a"
                            + " file); leave it out for consume");
                }
            }
            case E2E -> {
                args.addAll(List.of(bootstrap, topic, Long.toString(records), acks, Integer.toString(recordSize)));
                if (!clientConfig.isEmpty()) {
                    throw new IllegalArgumentException("--client-config applies to produce runs only");
                }
            }
            default -> throw new IllegalStateException(name());
        }
        return args;
    }

    /** The tool's final summary in {@code output} (everything it printed). */
    Summary parse(String output) {
        switch (this) {
            case PRODUCE -> {
                Matcher m = last(PRODUCED, output);
                return new Summary(Long.parseLong(m.group(1)), d(m, 2), d(m, 3), d(m, 4), d(m, 6), d(m, 8), d(m, 9));
            }
            case CONSUME -> {
                return consumed(output);
            }
            case E2E -> {
                Matcher avg = last(E2E_AVG, output);
                Matcher p = last(E2E_PERCENTILES, output);
                return new Summary(-1, -1, -1, d(avg, 1), d(p, 1), d(p, 2), d(p, 3));
            }
            default -> throw new IllegalStateException(name());
        }
    }

    /**
     * ConsumerPerformance prints a header line of column names and a line of values; the columns are found by name
     * ({@code data.consumed.in.MB}, {@code MB.sec}, {@code data.consumed.in.nMsg}, {@code nMsg.sec}).
     */
    private Summary consumed(String output) {
        List<String> lines = output.lines().toList();
        for (int i = lines.size() - 2; i >= 0; i--) {
            if (lines.get(i).startsWith("start.time")) {
                List<String> names = split(lines.get(i));
                List<String> values = split(lines.get(i + 1));
                if (values.size() < names.size()) {
                    break;
                }
                double records = Double.parseDouble(values.get(names.indexOf("data.consumed.in.nMsg")));
                return new Summary((long) records, Double.parseDouble(values.get(names.indexOf("nMsg.sec"))),
                        Double.parseDouble(values.get(names.indexOf("MB.sec"))), -1, -1, -1, -1);
            }
        }
        throw new IllegalArgumentException("ConsumerPerformance printed no summary; its last lines:\n" + tail(output));
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        for (String s : line.split(",")) {
            out.add(s.trim());
        }
        return out;
    }

    private Matcher last(Pattern p, String output) {
        Matcher m = p.matcher(output);
        Matcher found = null;
        while (m.find()) {
            found = p.matcher(output);
            found.find(m.start());
        }
        if (found == null) {
            throw new IllegalArgumentException(mainClass.substring(mainClass.lastIndexOf('.') + 1) + " printed no summary; its last"
                    + " lines:\n" + tail(output));
        }
        return found;
    }

    private static double d(Matcher m, int group) {
        return Double.parseDouble(m.group(group));
    }

    /** The last 8 lines of a tool's output, for error messages. */
    static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    }

    /** "produce", "consume", "e2e". */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PerfTool of(String label) {
        for (PerfTool t : values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown test '" + label + "'; use produce, consume or e2e");
    }
}
