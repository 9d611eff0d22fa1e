package org.syncroom.signaling.topology;

import java.util.Objects;

/** The outcome of a report: the verdict and the changes (empty unless {@link ReportVerdict#ACTED}). */
public record ReportResult(ReportVerdict verdict, TreeChanges changes) {
    public ReportResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(changes, "changes");
    }

    static ReportResult ignored(ReportVerdict verdict) {
        return new ReportResult(verdict, TreeChanges.NONE);
    }
}
