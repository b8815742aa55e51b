package dev.crucible.load.agent;

import java.io.IOException;

/**
 * How the coordinator reaches an agent: in-process ({@link #local}) or over HTTP
 * ({@code dev.crucible.load.remote.RemoteAgent}). Every call has a deadline; an unreachable agent
 * throws IOException.
 */
public interface AgentLink {
    /** "local" or HOST:PORT. */
    String name();

    /** Reads the agent's clock. */
    Agent.ClockProbe probe() throws IOException;

    /** See {@link Agent#prepare}. */
    Status prepare(Assignment a) throws IOException;

    /** See {@link Agent#start}. */
    Status start(String runId, long startAtNs, long measureFromNs, long endNs) throws IOException;

    /** See {@link Agent#heartbeat}. */
    Status heartbeat(Command c) throws IOException;

    /** See {@link Agent#abort}. */
    Status abort(String runId, String why) throws IOException;

    /** An agent in this process. */
    static AgentLink local(Agent agent) {
        return new AgentLink() {
            @Override
            public String name() {
                return "local";
            }

            @Override
            public Agent.ClockProbe probe() {
                return agent.probe();
            }

            @Override
            public Status prepare(Assignment a) throws IOException {
                return agent.prepare(a);
            }

            @Override
            public Status start(String runId, long startAtNs, long measureFromNs, long endNs) {
                return agent.start(runId, startAtNs, measureFromNs, endNs);
            }

            @Override
            public Status heartbeat(Command c) {
                return agent.heartbeat(c);
            }

            @Override
            public Status abort(String runId, String why) {
                return agent.abort(runId, why);
            }
        };
    }
}
