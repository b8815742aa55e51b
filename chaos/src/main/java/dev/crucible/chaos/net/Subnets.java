package dev.crucible.chaos.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Picks a private /24 for a lab that overlaps no route the host already has, so the lab neither
 * hides a real network nor collides with another lab (whose bridge route is also a host route).
 *
 * <p>Candidates are the 256 /24s of 10.77.0.0/16, then those of 172.29.0.0/16, starting at a
 * point derived from the tag so that a tag tends to get the same addresses run after run.
 */
final class Subnets {

    private static final int[] BASES = {parse("10.77.0.0"), parse("172.29.0.0")};
    private static final Set<String> ROUTE_TYPES = Set.of("unicast", "local", "broadcast", "multicast",
            "anycast", "unreachable", "blackhole", "prohibit", "throw", "nat");

    private Subnets() {
    }

    /** An IPv4 prefix; {@code network} holds the address bits, host bits zero. */
    record Prefix(int network, int length) {

        boolean overlaps(Prefix other) {
            int shorter = Math.min(length, other.length);
            int mask = shorter == 0 ? 0 : -1 << (32 - shorter);
            return (network & mask) == (other.network & mask);
        }
    }

    /** The first free /24 for {@code tag}, given the output of {@code ip -4 route show table all}. */
    static Optional<Prefix> pick(String tag, String routes) {
        List<Prefix> taken = parseRoutes(routes);
        int start = Math.floorMod(tag.hashCode(), 256);
        for (int base : BASES) {
            for (int i = 0; i < 256; i++) {
                Prefix candidate = new Prefix(base | ((start + i) & 0xff) << 8, 24);
                if (taken.stream().noneMatch(candidate::overlaps)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The destination prefixes in {@code ip -4 route} output. Default routes are left out: they
     * overlap everything, yet a more specific route on the bridge is exactly what we want.
     */
    static List<Prefix> parseRoutes(String routes) {
        List<Prefix> prefixes = new ArrayList<>();
        for (String line : routes.split("\n")) {
            String[] words = line.trim().split("\\s+");
            int at = words.length > 1 && ROUTE_TYPES.contains(words[0]) ? 1 : 0;
            String destination = words[at];
            if (destination.isEmpty() || destination.equals("default")) {
                continue;
            }
            int slash = destination.indexOf('/');
            String address = slash < 0 ? destination : destination.substring(0, slash);
            if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                continue;
            }
            int length = slash < 0 ? 32 : Integer.parseInt(destination.substring(slash + 1));
            if (length > 0) {
                int mask = -1 << (32 - length);
                prefixes.add(new Prefix(parse(address) & mask, length));
            }
        }
        return prefixes;
    }

    /** Dotted quad to int. */
    static int parse(String address) {
        String[] parts = address.split("\\.");
        int value = 0;
        for (String part : parts) {
            value = value << 8 | Integer.parseInt(part);
        }
        return value;
    }

    /** Int to dotted quad. */
    static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "."
                + (address & 0xff);
    }
}
