package dev.crucible.broker.replication;

/**
 * An acks=all produce waiting for the high watermark to pass its batch.
 *
 * @param requiredOffset the batch's last offset + 1: the high watermark that completes it
 * @param deadlineMs     when it ends with REQUEST_TIMED_OUT if still waiting
 * @param waiter         whoever is told the outcome
 */
public record PendingAck<T>(long requiredOffset, long deadlineMs, T waiter) { }
