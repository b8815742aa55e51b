package dev.crucible.load.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a workload once: the YAML file (or the built-in default), the command line's overrides over
 * it, and the payload file it names, into one checked {@link Workload}. OMB names payload files
 * relative to where it runs; Crucible looks there first, then beside the workload file.
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
        PayloadFile payload = y.payloadFile == null ? null : readPayload(y.payloadFile, file);
        Workload w = overrides.applyTo(y.toBuilder(payload)).build();
        return new YamlFiles.Loaded<>(w, yaml.name(), yaml.sha256(), yaml.text(), yaml.ignoredFields());
    }

    /** IllegalArgumentException when neither the working directory nor the workload's directory has {@code name}. */
    private static PayloadFile readPayload(String name, Path workloadFile) throws IOException {
        Path p = Path.of(name);
        if (!p.isAbsolute() && !Files.exists(p) && workloadFile != null) {
            Path beside = workloadFile.toAbsolutePath().getParent().resolve(name);
            if (Files.exists(beside)) {
                p = beside;
            }
        }
        try {
            return new PayloadFile(name, Files.readAllBytes(p));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("payloadFile " + name + ": not found (looked in the working directory"
                    + (workloadFile == null ? "" : " and beside " + workloadFile) + ")");
        }
    }
}
