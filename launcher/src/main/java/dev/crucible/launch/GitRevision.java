package dev.crucible.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The project's git revision ("+dirty" when the tree has changes), or "unknown" outside a checkout. */
public final class GitRevision {
    private static String cached;

    private GitRevision() {}

    /** The revision, 12 hex digits (and "+dirty"), or null outside a checkout. */
    public static String shortForm() {
        String rev = get();
        if (rev.equals("unknown")) {
            return null;
        }
        boolean dirty = rev.endsWith("+dirty");
        String hex = dirty ? rev.substring(0, rev.length() - 6) : rev;
        return hex.substring(0, Math.min(12, hex.length())) + (dirty ? "+dirty" : "");
    }

    /** The full revision ("+dirty" when the tree has changes), or "unknown". */
    public static synchronized String get() {
        if (cached == null) {
            String rev = run("git", "rev-parse", "HEAD");
            if (rev == null) {
                cached = "unknown";
            } else {
                String dirty = run("git", "status", "--porcelain", "--untracked-files=no");
                cached = rev + (dirty != null && !dirty.isEmpty() ? "+dirty" : "");
            }
        }
        return cached;
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
