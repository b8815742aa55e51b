package dev.crucible.launch.process;

/**
 * A shutdown hook that stops something we started (nodes, a cluster, a network lab) when the JVM
 * exits before its owner closed it: it first waits for the {@link ShutdownGate}, so a run winding
 * up after Ctrl-C still has its nodes. The owner {@link #cancel()}s it once it has stopped the
 * thing itself.
 */
public final class StopHook {
    private final Thread thread;

    private StopHook(Thread thread) {
        this.thread = thread;
    }

    /** Registers {@code stop} to run at exit (after the gate opens) on a thread called {@code name}. */
    public static StopHook register(String name, Runnable stop) {
        Thread thread = new Thread(() -> {
            ShutdownGate.await();
            stop.run();
        }, name);
        Runtime.getRuntime().addShutdownHook(thread);
        return new StopHook(thread);
    }

    /** The owner stopped the thing: the hook is not needed. Does nothing once the JVM is exiting. */
    public void cancel() {
        unregister(thread);
    }

    /** Removes a hook; when the JVM is already exiting, the hook is running or has run, and stays. */
    static void unregister(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook does (or did) its work
        }
    }
}
