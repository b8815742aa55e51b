package dev.crucible.broker.metadata;

/** One listener of a broker as clients (or controllers) reach it: the listener's name, host and port. */
public record Endpoint(String listener, String host, int port) {
    public Endpoint {
        if (listener == null || listener.isEmpty() || host == null || port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad endpoint " + listener + "://" + host + ":" + port);
        }
    }

    @Override
    public String toString() {
        return listener + "://" + host + ":" + port;
    }
}
