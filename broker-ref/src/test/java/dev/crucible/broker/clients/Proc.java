package dev.crucible.broker.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external client (kcat, Debian's python3) with a time limit; the result is its output. */
record Proc(int exit, String out, String err) {

    static Proc run(List<String> command, String stdin, long timeoutSeconds) throws IOException, InterruptedException {
        Path outFile = Files.createTempFile("proc-out", ".txt");
        Path errFile = Files.createTempFile("proc-err", ".txt");
        try {
            Process p = new ProcessBuilder(command)
                .redirectOutput(outFile.toFile())
                .redirectError(errFile.toFile())
                .start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s; stderr: "
                    + Files.readString(errFile));
            }
            return new Proc(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
        } finally {
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }

    /** Fails with the install line when a client the suite needs is not on this machine. */
    static void require(String path, String debianPackage) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError(path + " is missing: run ./crucible test (it installs " + debianPackage
                + ") or apt-get install " + debianPackage);
        }
    }

    Proc ok() {
        if (exit != 0) {
            throw new AssertionError("exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
        }
        return this;
    }
}
