package dev.crucible.chaos.net;

/**
 * A process that makes a lab and never closes it. Args: tag, nodes, and "exit" to end right away
 * (the shutdown hook must then close the lab) or "wait" to wait for the test's kill -9. Prints
 * "ready" when the lab is up; waits at most a minute (then the hook closes the lab), should the
 * test fail to kill it.
 */
public final class AbandonedLab {

    private AbandonedLab() {
    }

    public static void main(String[] args) throws Exception {
        NetLab lab = NetLab.create(args[0], Integer.parseInt(args[1]));
        System.out.println("ready " + lab.subnet());
        System.out.flush();
        if (args[2].equals("wait")) {
            Thread.sleep(60_000);
        }
    }
}
