package dev.crucible.load.run;

import dev.crucible.load.agent.AgentLink;

/** An agent and what it may run: producers, consumers or both. */
public record WorkerRef(AgentLink link, boolean producers, boolean consumers) {}
