package dev.crucible.chaos.nemesis;

import dev.crucible.chaos.cluster.Node;
import dev.crucible.chaos.net.DataDisks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Disk faults. {@code truncate} and {@code bitflip} act on a stopped node: SIGKILL it, then cut its
 * newest segment of a random partition inside one of the last batches (a torn write), or flip one
 * bit inside a batch where its CRC covers it (silent corruption); healing starts the node again,
 * which must cut the damage off or refuse to start, and must never serve it. {@code fill} fills the
 * node's data disk (a tmpfs of its own, root only) while it runs; healing frees the space and
 * restarts the node, as an operator must after a log directory failed. {@code disk} picks one of
 * them at random. What was destroyed is recorded in {@link DiskDamage}.
 */
public final class DiskNemesis implements Nemesis {
    /** The single kinds; "disk" picks one of them each time. */
    public static final List<String> KINDS = List.of("truncate", "bitflip", "fill");
    /** Damage lands in one of this many last batches of a segment. */
    static final int TAIL_BATCHES = 8;

    private final String name;
    private final List<Node> nodes;
    private final String topic;
    private final DiskDamage damage;
    private final DataDisks disks;
    private final Duration restartTimeout;

    /**
     * @param disks the nodes' own disks, or null when there are none (then {@code fill} cannot run)
     */
    public DiskNemesis(String name, List<Node> nodes, String topic, DiskDamage damage, DataDisks disks,
            Duration restartTimeout) {
        this.name = name;
        this.nodes = List.copyOf(nodes);
        this.topic = topic;
        this.damage = damage;
        this.disks = disks;
        this.restartTimeout = restartTimeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ActiveFault start(Random random, Map<String, Object> params) throws Exception {
        String kind = String.valueOf(params.getOrDefault("mode", name));
        if (kind.equals("disk")) {
            List<String> kinds = disks == null ? KINDS.subList(0, 2) : KINDS;
            kind = kinds.get(random.nextInt(kinds.size()));
        }
        Node node = Targets.nodes(nodes, random, params).get(0);
        return switch (kind) {
            case "truncate", "bitflip" -> damage(kind, node, random, params);
            case "fill" -> fill(node);
            default -> throw new IllegalArgumentException("unknown disk fault mode '" + kind + "'; known: "
                    + String.join(", ", KINDS));
        };
    }

    private ActiveFault damage(String kind, Node node, Random random, Map<String, Object> params) throws Exception {
        node.kill();
        node.excuseExits(); // refusing to start on a damaged log is a correct answer, not a crash
        List<Target> targets = targets(node);
        if (targets.isEmpty()) {
            return new Fault(kind + " on " + node.name() + ": nothing written yet", node.name() + " stopped; no segment"
                    + " with a whole batch", () -> restart(node, ""));
        }
        Target t = params.get("key") instanceof Number k
                ? targets.stream().filter(x -> x.key == k.longValue()).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no data for key " + k + " on " + node.name()))
                : targets.get(random.nextInt(targets.size()));
        List<SegmentTail.Batch> batches = t.batches;
        int j = batches.size() - 1 - random.nextInt(Math.min(TAIL_BATCHES, batches.size()));
        SegmentTail.Batch hit = batches.get(j);
        SegmentTail.Batch last = batches.get(batches.size() - 1);
        long sizeBefore = Files.size(t.segment);
        String what;
        if (kind.equals("truncate")) {
            long cut = hit.position() + 1 + (long) (random.nextDouble() * (sizeBefore - hit.position() - 1));
            try (FileChannel ch = FileChannel.open(t.segment, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            what = "cut from " + sizeBefore + " to " + cut + " bytes";
        } else {
            long at = hit.position() + SegmentTail.CRC_COVERED_FROM
                    + (long) (random.nextDouble() * (hit.size() - SegmentTail.CRC_COVERED_FROM));
            int bit = random.nextInt(8);
            try (FileChannel ch = FileChannel.open(t.segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocate(1);
                ch.read(b, at);
                b.put(0, (byte) (b.get(0) ^ (1 << bit)));
                b.rewind();
                ch.write(b, at);
                ch.force(true);
            }
            what = "bit " + bit + " of byte " + at + " flipped";
        }
        damage.add(new DiskDamage.Range(node.name(), t.key, hit.baseOffset(), last.lastOffset() + 1));
        String description = kind + " on " + node.name() + ": " + topic + "-" + t.key + " offsets " + hit.baseOffset()
                + ".." + last.lastOffset() + " (" + (batches.size() - j) + " batch(es))";
        String probe = node.name() + " stopped (alive=" + node.alive() + "); " + t.segment.getFileName() + " " + what
                + " in the batch at offsets " + hit.baseOffset() + ".." + hit.lastOffset();
        return new Fault(description, probe, () -> restart(node, ""));
    }

    private ActiveFault fill(Node node) throws IOException {
        if (disks == null || disks.dir(node.index()).isEmpty()) {
            throw new IllegalStateException("fill needs the node's data on a disk of its own: "
                    + DataDisks.unavailableReason().orElse("this run mounted none"));
        }
        Path dir = disks.dir(node.index()).get();
        Path filler = dir.resolve("crucible-fill");
        node.excuseExits(); // a broker may halt when its only log directory fails (Apache Kafka does)
        long written = 0;
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (true) {
                chunk.clear();
                written += ch.write(chunk);
            }
        } catch (IOException full) {
            // the disk is full: that was the point
        }
        long free = Files.getFileStore(dir).getUsableSpace();
        String description = "fill " + node.name() + "'s data disk (" + (disks.bytes() >> 20) + " MiB)";
        String probe = "wrote " + (written >> 20) + " MiB; " + free + " bytes free; " + node.name() + " alive=" + node.alive();
        return new Fault(description, probe, () -> {
            Files.deleteIfExists(filler);
            String freed = (Files.getFileStore(dir).getUsableSpace() >> 20) + " MiB free";
            return restart(node, "space freed (" + freed + "), " + (node.alive() ? "" : "found down, "));
        });
    }

    private String restart(Node node, String before) throws IOException, InterruptedException {
        if (node.alive()) {
            node.kill();
        }
        long t0 = System.nanoTime();
        node.restart(restartTimeout);
        return before + node.name() + " restarted as pid " + node.pid().orElse(-1L) + ", accepting connections after "
                + (System.nanoTime() - t0) / 1_000_000 + " ms";
    }

    private record Target(long key, Path segment, List<SegmentTail.Batch> batches) {}

    /** The partitions of the topic on this node with at least one whole batch in their newest segment. */
    private List<Target> targets(Node node) throws IOException {
        List<Target> out = new ArrayList<>();
        java.util.regex.Pattern name = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(topic) + "-(\\d+)");
        List<Path> dirs;
        try (var list = Files.list(node.dataDir())) {
            dirs = list.sorted().toList();
        }
        for (Path dir : dirs) {
            var m = name.matcher(dir.getFileName().toString());
            var segment = m.matches() ? SegmentTail.newestSegment(dir) : java.util.Optional.<Path>empty();
            if (segment.isPresent()) {
                List<SegmentTail.Batch> batches = SegmentTail.batches(segment.get());
                if (!batches.isEmpty()) {
                    out.add(new Target(Long.parseLong(m.group(1)), segment.get(), batches));
                }
            }
        }
        return out;
    }
}
