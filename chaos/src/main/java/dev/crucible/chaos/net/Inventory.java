package dev.crucible.chaos.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The host's network namespaces and links, and their removal. Shared by {@link NetLab#close()}, the
 * rollback of a failed {@link NetLab#create}, and {@link NetLab#cleanupLeftovers()}.
 *
 * @param namespaces names from {@code ip netns list}
 * @param links names of all links in the host namespace, bridges included
 * @param bridges names of the links that are bridges
 */
record Inventory(Set<String> namespaces, Set<String> links, Set<String> bridges) {

    /** Lists what exists now. */
    static Inventory take(String ip) throws IOException {
        Set<String> namespaces = new LinkedHashSet<>();
        for (String line : Exec.check(List.of(ip, "netns", "list")).split("\n")) {
            if (!line.isBlank()) {
                namespaces.add(line.trim().split("\\s+")[0]);
            }
        }
        return new Inventory(namespaces, linkNames(Exec.check(List.of(ip, "-o", "link", "show"))),
                linkNames(Exec.check(List.of(ip, "-o", "link", "show", "type", "bridge"))));
    }

    /** Names in {@code ip -o link} output: "7: crc-x-0@if2: &lt;BROADCAST..." gives "crc-x-0". */
    static Set<String> linkNames(String output) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : output.split("\n")) {
            String[] fields = line.split(": ", 3);
            if (fields.length >= 2) {
                String name = fields[1].trim();
                int at = name.indexOf('@');
                names.add(at < 0 ? name : name.substring(0, at));
            }
        }
        return names;
    }

    /**
     * Removes the namespaces and links whose names {@code which} accepts: veths first (which takes
     * their peers inside namespaces along), then namespaces, then bridges. Keeps going past failures;
     * a failure whose object turns out to be gone anyway is no failure.
     *
     * @param removed gets "netns NAME" / "link NAME" for each object removed
     * @param failures gets one message per object that could not be removed
     */
    void remove(String ip, Predicate<String> which, List<String> removed, List<String> failures) {
        List<String> attempted = new ArrayList<>();
        List<Exec.Result> failed = new ArrayList<>();
        for (String link : links) {
            if (which.test(link) && !bridges.contains(link)) {
                delete(List.of(ip, "link", "del", "dev", link), "link " + link, attempted, failed);
            }
        }
        for (String namespace : namespaces) {
            if (which.test(namespace)) {
                delete(List.of(ip, "netns", "del", namespace), "netns " + namespace, attempted, failed);
            }
        }
        for (String bridge : bridges) {
            if (which.test(bridge)) {
                delete(List.of(ip, "link", "del", "dev", bridge), "link " + bridge, attempted, failed);
            }
        }
        Inventory after;
        try {
            after = take(ip);
        } catch (IOException e) {
            failures.add("cannot list what is left: " + e.getMessage());
            after = this;
        }
        for (int i = 0; i < attempted.size(); i++) {
            String object = attempted.get(i);
            String name = object.substring(object.indexOf(' ') + 1);
            boolean left = object.startsWith("netns ") ? after.namespaces.contains(name) : after.links.contains(name);
            if (!left) {
                removed.add(object);
            } else {
                Exec.Result result = failed.get(i);
                failures.add(result == null ? object + " is still there" : result.failure());
            }
        }
    }

    private static void delete(List<String> argv, String object, List<String> attempted,
            List<Exec.Result> failed) {
        Exec.Result result;
        try {
            result = Exec.run(argv, null, Exec.DEFAULT_TIMEOUT);
        } catch (IOException e) {
            result = new Exec.Result(argv, -1, false, "", e.toString());
        }
        attempted.add(object);
        failed.add(result.ok() ? null : result);
    }
}
