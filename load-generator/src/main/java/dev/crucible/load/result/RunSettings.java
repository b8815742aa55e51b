package dev.crucible.load.result;

import dev.crucible.load.workload.DriverSettings;
import dev.crucible.load.workload.Workload;
import dev.crucible.load.workload.YamlFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run needs, resolved: workload and driver (with their files' hashes), target, rate,
 * durations, where results go and how progress is shown.
 *
 * @param workload the workload, flags already applied
 * @param workloadFile the file it came from (name, hash, text)
 * @param driver the driver settings
 * @param driverFile the file they came from, or null for the built-in default
 * @param targetKind embedded, kafka, bootstrap or noop
 * @param targetVersion version of the target, as known
 * @param bootstrap bootstrap servers (null for noop)
 * @param targetPids processes of the target Crucible launched (empty when it did not)
 * @param outDir parent directory of the result directory
 * @param name short name for the result directory
 * @param label free text that groups runs in reports (defaults to kind and version)
 * @param liveEvery how often the live line prints
 * @param brokerConfig server settings the launched target's nodes got beyond Crucible's own ({@code --broker-config})
 */
public record RunSettings(
    Workload workload,
    YamlFiles.Loaded<Workload> workloadFile,
    DriverSettings driver,
    YamlFiles.Loaded<DriverSettings> driverFile,
    String targetKind,
    String targetVersion,
    String bootstrap,
    List<Long> targetPids,
    Path outDir,
    String name,
    String label,
    Duration liveEvery,
    Map<String, String> brokerConfig) {

    /** Copies the settings (null: none). */
    public RunSettings {
        brokerConfig = brokerConfig == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(brokerConfig));
    }

    /** Settings of a target launched with its defaults, or not launched. */
    public RunSettings(Workload workload, YamlFiles.Loaded<Workload> workloadFile, DriverSettings driver,
            YamlFiles.Loaded<DriverSettings> driverFile, String targetKind, String targetVersion, String bootstrap,
            List<Long> targetPids, Path outDir, String name, String label, Duration liveEvery) {
        this(workload, workloadFile, driver, driverFile, targetKind, targetVersion, bootstrap, targetPids, outDir, name, label,
                liveEvery, Map.of());
    }
}
