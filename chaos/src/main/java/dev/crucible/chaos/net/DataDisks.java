package dev.crucible.chaos.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Small disks of their own for the nodes' data directories, so a fault can fill one without
 * touching the machine's real disk: a size-limited tmpfs mounted on each directory (root only).
 * The mount's source names the owning process ({@code crucible-disk-<pid>-n<i>}), so leftovers of a
 * run that died can be found and removed ({@link #cleanupLeftovers()}). Closing copies what the
 * nodes wrote back onto the real disk, in the same directory, then unmounts.
 */
public final class DataDisks implements AutoCloseable {
    /** Size of each node's disk. */
    public static final long DEFAULT_BYTES = 256L << 20;
    private static final Pattern SOURCE = Pattern.compile("crucible-disk-(\\d+)-n(\\d+)");

    private final Map<Integer, Path> mounts;
    private final long bytes;

    private DataDisks(Map<Integer, Path> mounts, long bytes) {
        this.mounts = mounts;
        this.bytes = bytes;
    }

    /** Why disks cannot be made here, or empty when they can. */
    public static Optional<String> unavailableReason() {
        if (HostSupport.effectiveUid() != 0) {
            return Optional.of("filling a disk needs root (a tmpfs of its own per node); run as root, or use"
                    + " the truncate and bitflip faults, which need no root");
        }
        if (Exec.locate("mount").isEmpty() || Exec.locate("umount").isEmpty()) {
            return Optional.of("mount/umount are not installed (Debian package mount)");
        }
        return Optional.empty();
    }

    /** Mounts a disk of {@code bytes} on each directory (node index to directory), created if need be. */
    public static DataDisks mount(Map<Integer, Path> dirs, long bytes) throws IOException {
        String why = unavailableReason().orElse(null);
        if (why != null) {
            throw new IOException(why);
        }
        DataDisks disks = new DataDisks(new LinkedHashMap<>(), bytes);
        long pid = ProcessHandle.current().pid();
        try {
            for (Map.Entry<Integer, Path> e : dirs.entrySet()) {
                Path dir = e.getValue().toAbsolutePath();
                Files.createDirectories(dir);
                Exec.check(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0755",
                        "crucible-disk-" + pid + "-n" + e.getKey(), dir.toString()));
                disks.mounts.put(e.getKey(), dir);
            }
            return disks;
        } catch (IOException | RuntimeException e) {
            disks.close();
            throw e;
        }
    }

    /** The directory of node {@code index} when it has a disk of its own. */
    public Optional<Path> dir(int index) {
        return Optional.ofNullable(mounts.get(index));
    }

    /** Each disk's size in bytes. */
    public long bytes() {
        return bytes;
    }

    /** Copies each disk's files back onto the real disk under the same directory, then unmounts it. */
    @Override
    public synchronized void close() {
        for (Path dir : mounts.values()) {
            Path kept = dir.resolveSibling(dir.getFileName() + ".kept");
            boolean copied = false;
            try {
                copyTree(dir, kept);
                copied = true;
            } catch (IOException | RuntimeException e) {
                // unmounting matters more than keeping the data
            }
            unmount(dir);
            if (copied) {
                try {
                    Files.deleteIfExists(dir);
                    Files.move(kept, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // the copy stays under .kept
                }
            }
        }
        mounts.clear();
    }

    /** Unmounts disks whose owning process is gone; returns what was removed. */
    public static List<String> cleanupLeftovers() throws IOException {
        List<String> removed = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length < 3) {
                continue;
            }
            Matcher m = SOURCE.matcher(f[0]);
            if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            Path dir = Path.of(unescape(f[1]));
            unmount(dir);
            removed.add("disk " + f[0] + " on " + dir);
        }
        return removed;
    }

    private static void unmount(Path dir) {
        try {
            Exec.check(List.of("umount", dir.toString()));
        } catch (IOException e) {
            try {
                Exec.check(List.of("umount", "-l", dir.toString()));
            } catch (IOException again) {
                // nothing more to try; cleanupLeftovers finds it next time
            }
        }
    }

    /** /proc/mounts writes space, tab, newline and backslash as octal escapes. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
