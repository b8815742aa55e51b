package dev.crucible.chaos.nemesis;

import dev.crucible.chaos.proxy.FaultProxy;
import dev.crucible.chaos.proxy.Faults;
import dev.crucible.launch.probe.KafkaPing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Faults made by the TCP fault proxies in front of the nodes: latency, bandwidth, blackhole, reset,
 * slow close ({@code proxy}: one of them at random). The probe sends a Kafka ApiVersions request
 * through the faulty proxy and reports what came back and how fast.
 */
public final class ProxyNemesis implements Nemesis {
    /** The single kinds; "proxy" picks one of them each time. */
    public static final List<String> KINDS = List.of("latency", "bandwidth", "blackhole", "reset", "slow-close");

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final String name;
    private final List<FaultProxy> proxies;

    public ProxyNemesis(String name, List<FaultProxy> proxies) {
        this.name = name;
        this.proxies = List.copyOf(proxies);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ActiveFault start(Random random, Map<String, Object> params) throws Exception {
        String kind = name.equals("proxy") ? KINDS.get(random.nextInt(KINDS.size())) : name;
        List<FaultProxy> hit = new ArrayList<>();
        Object nodes = params.get("nodes");
        if (nodes instanceof List<?> l && !l.isEmpty()) {
            for (Object o : l) {
                hit.add(proxies.get(Targets.index(o, proxies.size())));
            }
        } else {
            hit.add(proxies.get(random.nextInt(proxies.size())));
        }
        Faults faults = faults(kind, random, params);
        for (FaultProxy p : hit) {
            p.set(faults);
            if (kind.equals("reset")) {
                p.resetAll();
            }
        }
        String on = String.join(",", hit.stream().map(FaultProxy::name).toList());
        String description = kind + " on " + on + ": " + faults.describe();
        String probe = ping(hit);
        return new Fault(description, probe, () -> {
            hit.forEach(FaultProxy::heal);
            return ping(hit);
        });
    }

    private static Faults faults(String kind, Random random, Map<String, Object> params) {
        Faults none = Faults.NONE;
        return switch (kind) {
            case "latency" -> new Faults(Duration.ofMillis(number(params, "latencyMs", 100)),
                    Duration.ofMillis(number(params, "jitterMs", 50)), 0, false, false, false, Duration.ZERO);
            case "bandwidth" -> new Faults(Duration.ZERO, Duration.ZERO, number(params, "bytesPerSecond", 32 * 1024),
                    false, false, false, Duration.ZERO);
            case "blackhole" -> {
                String way = String.valueOf(params.getOrDefault("direction",
                        List.of("both", "upstream", "downstream").get(random.nextInt(3))));
                yield new Faults(Duration.ZERO, Duration.ZERO, 0, !way.equals("downstream"), !way.equals("upstream"),
                        false, Duration.ZERO);
            }
            case "reset" -> new Faults(Duration.ZERO, Duration.ZERO, 0, false, false, true, Duration.ZERO);
            case "slow-close" -> new Faults(Duration.ZERO, Duration.ZERO, 0, false, false, false,
                    Duration.ofMillis(number(params, "slowCloseMs", 2000)));
            default -> none;
        };
    }

    private static long number(Map<String, Object> params, String key, long dflt) {
        Object v = params.get(key);
        return v instanceof Number n ? n.longValue() : dflt;
    }

    private static String ping(List<FaultProxy> hit) {
        StringBuilder out = new StringBuilder();
        for (FaultProxy p : hit) {
            out.append(p.name()).append(": ").append(KafkaPing.ping(p.address(), PROBE_TIMEOUT).describe()).append("; ");
        }
        return out.toString().trim();
    }
}
