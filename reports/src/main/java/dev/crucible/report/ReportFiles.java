package dev.crucible.report;

import dev.crucible.report.compare.Comparison;
import dev.crucible.report.render.HtmlReport;
import dev.crucible.report.render.MarkdownReport;
import dev.crucible.report.render.VerdictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The files of a report: report.html, report.md and verdict.json, each replaced atomically. */
final class ReportFiles {

    /** The files written. */
    record Written(Path html, Path markdown, Path verdict) {}

    private ReportFiles() {}

    /**
     * Writes report.html, report.md and verdict.json of {@code comparison}. {@code out} is a directory, or a
     * path ending in .html (the other two files go beside it, named after it).
     */
    static Written write(Comparison comparison, Path out) throws IOException {
        Path html;
        Path dir;
        if (out.getFileName().toString().endsWith(".html")) {
            html = out;
            dir = out.toAbsolutePath().getParent();
        } else {
            dir = out;
            html = dir.resolve("report.html");
        }
        Files.createDirectories(dir);
        String stem = html.getFileName().toString().replaceFirst("\\.html$", "");
        Path md = dir.resolve(stem + ".md");
        Path json = dir.resolve(stem.equals("report") ? "verdict.json" : stem + "-verdict.json");
        writeAtomically(html, HtmlReport.render(comparison));
        writeAtomically(md, MarkdownReport.render(comparison, html.getFileName().toString()));
        writeAtomically(json, VerdictJson.render(comparison));
        return new Written(html, md, json);
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
