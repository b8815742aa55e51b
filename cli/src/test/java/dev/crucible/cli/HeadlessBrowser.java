package dev.crucible.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, for report tests: opens a file from disk with the network off (a
 * fresh network namespace when root), takes a screenshot, and records Chromium's net log so a test
 * can list every network request the page made.
 */
final class HeadlessBrowser {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private HeadlessBrowser() {}

    /** What one page load produced. */
    record Shot(Path png, List<String> pageRequests) {}

    static Shot screenshot(Path html, Path workDir, int width, int height) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError(CHROMIUM + " is missing: './crucible test' installs Debian's chromium package");
        }
        Files.createDirectories(workDir);
        Path png = workDir.resolve(html.getFileName() + ".png");
        Path netLog = workDir.resolve("netlog.json");
        List<String> cmd = new ArrayList<>();
        boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim());
        if (root && Files.isExecutable(Path.of("/usr/bin/unshare"))) {
            cmd.addAll(List.of("/usr/bin/unshare", "--net"));
        }
        cmd.addAll(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + workDir.resolve("profile"), "--log-net-log=" + netLog,
                "--window-size=" + width + "," + height, "--screenshot=" + png, html.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(workDir.resolve("chromium.log").toFile())
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s");
        }
        if (!Files.exists(png)) {
            throw new AssertionError("chromium wrote no screenshot: " + Files.readString(workDir.resolve("chromium.log")));
        }
        return new Shot(png, pageRequests(netLog));
    }

    /**
     * URLs the page itself asked for over the network: net-log events whose isolation key is the
     * file:// page (Chromium's own housekeeping requests carry no page key and are not counted).
     */
    static List<String> pageRequests(Path netLog) throws Exception {
        List<String> urls = new ArrayList<>();
        JsonNode root = new ObjectMapper().readTree(netLog.toFile());
        for (JsonNode e : root.path("events")) {
            JsonNode params = e.path("params");
            String url = params.path("url").asText("");
            if (!url.isEmpty() && !url.startsWith("file:") && !url.startsWith("data:")
                    && params.path("network_isolation_key").asText("").contains("file://")) {
                urls.add(url);
            }
        }
        return urls;
    }
}
