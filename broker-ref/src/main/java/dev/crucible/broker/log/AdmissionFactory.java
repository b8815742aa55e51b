package dev.crucible.broker.log;

import dev.crucible.broker.config.TopicConfig;
import dev.crucible.io.AppendAdmission;
import dev.crucible.io.Log;

import java.io.IOException;

/**
 * Makes the {@link AppendAdmission} of a partition when it is opened: idempotent-producer checks
 * (rebuilt from the log) and LogAppendTime stamping. {@code null} means no admission.
 */
@FunctionalInterface
public interface AdmissionFactory {
    AdmissionFactory NONE = (log, config) -> null;

    AppendAdmission create(Log log, TopicConfig config) throws IOException;
}
