package dev.crucible.chaos.net;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of everything one lab creates, all derived from its tag so that leftovers can be found
 * by prefix and traced back to the lab (and its owner) that made them.
 *
 * <pre>
 *   crc-TAG-br     the bridge (host network namespace), carries the host's address
 *   crc-TAG-I      host end of node I's veth pair, a port of the bridge
 *   crc-TAG-nI     node I's network namespace; the veth's other end is eth0 in there
 *   crc-probe-PID  throwaway namespace of the capability probe of process PID
 * </pre>
 *
 * <p>Interface names are at most 15 characters (IFNAMSIZ - 1): with a tag of at most 8 characters,
 * "crc-" + tag + "-br" and "crc-" + tag + "-" + two digits both fit.
 *
 * @param tag 1 to 8 characters [a-z0-9], not "probe"
 */
record LabNames(String tag) {

    /** Every name a lab (or the probe) creates starts with this. */
    static final String PREFIX = "crc";
    /** The name of each node's end of its veth pair, inside the node's namespace. */
    static final String NODE_INTERFACE = "eth0";
    static final int MAX_TAG_CHARS = 8;
    static final String PROBE_TAG = "probe";
    private static final Pattern TAG = Pattern.compile("[a-z0-9]{1," + MAX_TAG_CHARS + "}");

    LabNames {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException(
                    "lab tag must be 1 to " + MAX_TAG_CHARS + " characters [a-z0-9], got " + tag);
        }
        if (tag.equals(PROBE_TAG)) {
            throw new IllegalArgumentException("lab tag \"" + PROBE_TAG + "\" is reserved");
        }
    }

    /** What all of this lab's names start with. */
    String prefix() {
        return PREFIX + "-" + tag + "-";
    }

    String bridge() {
        return prefix() + "br";
    }

    String namespace(int node) {
        return prefix() + "n" + node;
    }

    String hostVeth(int node) {
        return prefix() + node;
    }

    /** The name of process {@code pid}'s probe namespace. */
    static String probeNamespace(long pid) {
        return PREFIX + "-" + PROBE_TAG + "-" + pid;
    }

    /** The tag in a name of ours ("crc-TAG-..."), or empty for other names. */
    static Optional<String> tagOf(String name) {
        String start = PREFIX + "-";
        if (!name.startsWith(start)) {
            return Optional.empty();
        }
        int end = name.indexOf('-', start.length());
        String tag = name.substring(start.length(), end < 0 ? name.length() : end);
        return TAG.matcher(tag).matches() ? Optional.of(tag) : Optional.empty();
    }

    /** The process id in a probe namespace's name, or empty for other names. */
    static Optional<Long> probePid(String name) {
        String start = PREFIX + "-" + PROBE_TAG + "-";
        if (!name.startsWith(start)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(name.substring(start.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
