package dev.crucible.report.model;

/**
 * What decides whether a run may be judged, and what the validity panel shows. Counts are null
 * where the source does not record them (plain HDR logs, OMB files).
 *
 * @param complete false for runs marked INCOMPLETE
 * @param incompleteReason why, or null
 * @param rateMissed whether the run missed its target rate in steady state
 * @param targetRate messages/s asked (null: flat out or unknown)
 * @param achievedRate messages/s acknowledged in the measured phase (null: unknown)
 * @param sendErrors failed sends
 * @param lost acknowledged but never delivered
 * @param duplicated delivered more than once
 * @param outOfOrder delivered after a later message of the same producer
 */
public record Validity(boolean complete, String incompleteReason, boolean rateMissed, Double targetRate,
        Double achievedRate, Long sendErrors, Long lost, Long duplicated, Long outOfOrder) {

    /** A source that records none of it: complete, rate not missed, counts unknown. */
    public static Validity unknown() {
        return new Validity(true, null, false, null, null, null, null, null, null);
    }
}
