package dev.crucible.cli;

import dev.crucible.launch.probe.ClusterProbe;
import dev.crucible.launch.probe.ProbeResult;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crucible probe HOST:PORT}: waits until a broker answers the Kafka protocol. */
@Command(
        name = "probe",
        sortOptions = false,
        header = "Wait until a broker answers the Kafka protocol (an ApiVersions round trip).",
        description = {
            "Sends ApiVersions to HOST:PORT every half second until a broker answers or --timeout passes."
                    + " Exit 0 when it answered (the round trip time is printed), 1 when it did not, 2 on bad input."
                    + " Deployments use it to wait until a restarted broker serves again."
        })
public final class ProbeCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Parameters(paramLabel = "HOST:PORT", description = "The broker's listener.")
    private String address;

    @Option(names = "--timeout", paramLabel = "TIME", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to keep trying (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        int colon = address.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
            if (colon <= 0 || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            spec.commandLine().getErr().println("crucible probe: '" + address + "' is not HOST:PORT");
            return 2;
        }
        InetSocketAddress broker = new InetSocketAddress(address.substring(0, colon), port);
        ProbeResult last = ClusterProbe.awaitAnswer(broker, timeout);
        if (last.answered()) {
            spec.commandLine().getOut().println(address + ": " + last.describe());
            spec.commandLine().getOut().flush();
            return 0;
        }
        spec.commandLine().getErr().println("crucible probe: " + address + " did not answer within " + timeout.toSeconds()
                + " s; last try: " + last.describe());
        return 1;
    }
}
