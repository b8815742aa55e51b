package dev.crucible.cli;

import dev.crucible.chaos.ChaosRun;
import dev.crucible.report.ChaosReport;
import java.io.IOException;
import java.nio.file.Path;

/** Wires chaos to the reports module: report.html in every chaos run directory. */
final class ChaosReports implements ChaosRun.Reporter {
    @Override
    public Path render(Path runDir) throws IOException {
        return ChaosReport.write(runDir);
    }
}
