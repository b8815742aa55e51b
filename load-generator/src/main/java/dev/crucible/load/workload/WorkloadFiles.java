package dev.crucible.load.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a workload once: the YAML file (or the built-in default), the command line's overrides over
 * it, and the payload file it names, into one checked {@link Workload}. OMB names payload files
 * relative to where it runs (its checkout's root); Crucible looks there first, then beside the workload
 * file, then in the workload folder's parent (see {@link #payloadPlaces}).
 */
public final class WorkloadFiles {
    /** Built-in workload used when none is named (a resource of this module). */
    public static final String BUILT_IN = "/workloads/default.yaml";

    private static final YamlFiles<WorkloadYaml> YAML = new YamlFiles<>(WorkloadYaml.class);

    private WorkloadFiles() {}

    /**
     * The workload of {@code file} (null: the built-in one) with {@code overrides} applied. IOException
     * when the file cannot be read or is not YAML of the right shape; IllegalArgumentException naming the
     * field when a value cannot be run or the payload file is missing or too short.
     */
    public static YamlFiles.Loaded<Workload> read(Path file, WorkloadOverrides overrides) throws IOException {
        YamlFiles.Loaded<WorkloadYaml> yaml = file == null ? YAML.readResource(BUILT_IN) : YAML.read(file);
        return build(yaml, file, overrides);
    }

    /** The workload of YAML {@code bytes} named {@code name} in errors, without overrides; payload files are looked up in the working directory. */
    public static YamlFiles.Loaded<Workload> parse(byte[] bytes, String name) throws IOException {
        return build(YAML.parse(bytes, name), null, WorkloadOverrides.NONE);
    }

    /** What run.json records of {@code w}: its values in the file's field names (an object Jackson writes). */
    public static Object recorded(Workload w) {
        return WorkloadYaml.of(w);
    }

    private static YamlFiles.Loaded<Workload> build(YamlFiles.Loaded<WorkloadYaml> yaml, Path file, WorkloadOverrides overrides)
            throws IOException {
        WorkloadYaml y = yaml.value();
        PayloadFile payload = y.payloadFile == null ? null : readPayload(y.payloadFile, file, Path.of("").toAbsolutePath());
        Workload w = overrides.applyTo(y.toBuilder(payload)).build();
        return new YamlFiles.Loaded<>(w, yaml.name(), yaml.sha256(), yaml.text(), yaml.ignoredFields());
    }

    /**
     * Reads payload file {@code name} of {@code workloadFile} (null: none) from the first of
     * {@link #payloadPlaces} that has it; IllegalArgumentException naming every place tried when none has.
     */
    static PayloadFile readPayload(String name, Path workloadFile, Path cwd) throws IOException {
        List<Path> places = payloadPlaces(name, workloadFile, cwd);
        for (Path p : places) {
            if (Files.isRegularFile(p)) {
                return new PayloadFile(name, Files.readAllBytes(p));
            }
        }
        throw new IllegalArgumentException("payloadFile " + name + ": not found; looked at "
                + places.stream().map(Path::toString).collect(Collectors.joining(", ")));
    }

    /**
     * Where a payload file named {@code name} may be, in the order they are tried: the name itself when
     * absolute; else the working directory {@code cwd} (where OMB itself looks), the workload file's folder,
     * and that folder's parent: OMB writes {@code payload/payload-1Kb.data} relative to its checkout's root
     * while its workloads sit in {@code <root>/workloads/}, so {@code crucible bench ~/omb/workloads/X.yaml}
     * finds the payload from any working directory. {@code workloadFile} may be null (no file: the
     * working directory only).
     */
    private static List<Path> payloadPlaces(String name, Path workloadFile, Path cwd) {
        Path given = Path.of(name);
        if (given.isAbsolute()) {
            return List.of(given);
        }
        Set<Path> places = new LinkedHashSet<>();
        places.add(cwd.resolve(given).normalize());
        Path folder = workloadFile == null ? null : cwd.resolve(workloadFile).toAbsolutePath().normalize().getParent();
        if (folder != null) {
            places.add(folder.resolve(given).normalize());
            if (folder.getParent() != null) {
                places.add(folder.getParent().resolve(given).normalize());
            }
        }
        return List.copyOf(places);
    }
}
