package org.syncroom.signaling.topology;

/** What the tree did with a child's report about its parent. Only {@link #ACTED} changes anything. */
public enum ReportVerdict {
    /** The report was believed: the reporter was moved, or the suspect demoted. */
    ACTED,
    /** The reporter is not a listener of this tree. */
    UNKNOWN_REPORTER,
    /** The reporter has used up its report budget ({@link ReportLimiter}); nothing changed. */
    RATE_LIMITED,
    /** The suspect is not the reporter's current parent: the tree trusts only its own assignments. */
    NOT_CURRENT_PARENT,
    /**
     * The suspect's own parent changed moments ago ({@link RelayTree#UPSTREAM_GRACE_MS}), so its
     * stream is being restored upstream; moving the reporter would only churn links.
     */
    UPSTREAM_RECOVERING,
    /**
     * The suspect, or a listener above it, said moments ago that it is starving itself
     * ({@link RelayTree#STARVING_CLAIM_MS}): the stream stops above the suspect, and the report
     * about that higher parent is the one acted on. Moving every child of a starved relay away
     * from it would only spread the churn down the tree.
     */
    UPSTREAM_STARVING,
    /** A tampering report against the host: the host signs the stream and cannot be demoted. */
    HOST_CANNOT_BE_DEMOTED,
    /**
     * No other node has a free slot for the reporter, or the reporter is itself in a waiting
     * subtree (not connected to the host); it stays where it is.
     */
    NO_ALTERNATIVE_PARENT
}
