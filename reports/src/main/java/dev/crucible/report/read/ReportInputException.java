package dev.crucible.report.read;

import java.nio.file.Path;

/** An input the report cannot use: names the file and what is wrong with it. No report is made. */
public final class ReportInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param file the offending file or directory @param problem what is wrong, as a sentence fragment */
    public ReportInputException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /** Same, with the underlying cause. */
    public ReportInputException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
