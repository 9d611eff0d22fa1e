package org.syncroom.signaling.together.job;

/** The two topics of the Kafka path: plays from every server to the job, sessions from the job to every server. */
public final class KafkaTopics {
    public static final String PLAYS = "syncroom-plays";
    public static final String SESSIONS = "syncroom-sessions";

    private KafkaTopics() {}
}
