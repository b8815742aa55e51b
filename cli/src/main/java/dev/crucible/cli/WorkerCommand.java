package dev.crucible.cli;

import dev.crucible.load.remote.WorkerServer;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crucible worker}: a load-generating agent that a distributed {@code bench} drives. */
@Command(
        name = "worker",
        sortOptions = false,
        header = "Run a load worker agent for distributed benchmarks.",
        description = {
            "The agent waits for a 'crucible bench --workers HOST:PORT' coordinator and runs the"
                    + " producers and consumers it is given, one run at a time. If the coordinator stops"
                    + " sending heartbeats for 10 s, the agent stops its load by itself."
        })
public final class WorkerCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8090",
            description = "Port the agent listens on for its coordinator (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--bind",
            paramLabel = "HOST",
            defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 127.0.0.1 for this host only).")
    private String bind;

    @Override
    public Integer call() throws Exception {
        WorkerServer server;
        try {
            server = WorkerServer.start(bind, port);
        } catch (IOException e) {
            spec.commandLine().getErr().println("crucible worker: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            return 1;
        }
        System.out.println("crucible worker listening on " + bind + ":" + server.port() + " (pid " + ProcessHandle.current().pid() + ")");
        server.serveUntilShutdown();
        return 0;
    }
}
