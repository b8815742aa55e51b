package dev.crucible.cli;

import dev.crucible.load.run.Bench;
import dev.crucible.report.ReportJob;
import java.nio.file.Path;
import java.util.List;

/** Wires bench to the reports module: a report in every result directory, and one comparing them. */
final class BenchReports implements Bench.Reporter {
    @Override
    public Path runReport(Path resultDir) throws Exception {
        return ReportJob.write(List.of(resultDir), resultDir);
    }

    @Override
    public Path comparisonReport(List<Path> resultDirs, Path outDir) throws Exception {
        return ReportJob.write(resultDirs, outDir);
    }
}
