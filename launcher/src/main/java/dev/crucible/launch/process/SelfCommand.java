package dev.crucible.launch.process;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs this same program again in a child JVM, as the embedded broker does:
 * this JVM's module flags, a 1 GiB heap (or the one given), our class path, under {@link ParentWatch} (see
 * {@link ChildJvm}).
 */
public final class SelfCommand {
    private SelfCommand() {}

    /** {@code java <our --add-exports/--add-opens> -Xms1g -Xmx1g -cp <ours> ParentWatch <pid> mainClass args}. */
    public static List<String> of(String mainClass, String... args) {
        return withHeap("1g", mainClass, args);
    }

    /** As {@link #of}, with {@code -Xms} and {@code -Xmx} set to {@code heap} (e.g. "512m"); IllegalArgumentException for another form. */
    public static List<String> withHeap(String heap, String mainClass, String... args) {
        ChildJvm.requireHeap(heap);
        List<String> flags = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-exports") || a.startsWith("--add-opens")) {
                flags.add(a);
            }
        }
        flags.addAll(List.of("-Xms" + heap, "-Xmx" + heap));
        return ChildJvm.ofThisJvm().command(List.of(), flags, mainClass, args);
    }
}
