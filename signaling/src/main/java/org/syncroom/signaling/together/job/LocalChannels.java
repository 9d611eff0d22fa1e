package org.syncroom.signaling.together.job;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The in-process queues between the server and the embedded job, by name. The job graph is
 * serialised even in a MiniCluster, so its source and sink find their queue here by name
 * instead of holding it. Only meaningful when job and server share a JVM.
 */
public final class LocalChannels {
    private static final Map<String, BlockingQueue<PlayEvent>> PLAYS = new ConcurrentHashMap<>();
    private static final Map<String, Consumer<SessionWindow>> SESSIONS = new ConcurrentHashMap<>();

    private LocalChannels() {}

    public static void register(String name, BlockingQueue<PlayEvent> plays, Consumer<SessionWindow> sessions) {
        PLAYS.put(name, plays);
        SESSIONS.put(name, sessions);
    }

    public static void unregister(String name) {
        PLAYS.remove(name);
        SESSIONS.remove(name);
    }

    static BlockingQueue<PlayEvent> plays(String name) {
        BlockingQueue<PlayEvent> queue = PLAYS.get(name);
        if (queue == null) {
            throw new IllegalStateException("no play queue named " + name + " in this JVM");
        }
        return queue;
    }

    static Consumer<SessionWindow> sessions(String name) {
        Consumer<SessionWindow> sink = SESSIONS.get(name);
        if (sink == null) {
            throw new IllegalStateException("no session sink named " + name + " in this JVM");
        }
        return sink;
    }
}
