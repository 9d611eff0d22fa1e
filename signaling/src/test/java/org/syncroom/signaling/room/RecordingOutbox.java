package org.syncroom.signaling.room;

import java.util.ArrayList;
import java.util.List;
import org.syncroom.signaling.protocol.CloseReason;
import org.syncroom.signaling.protocol.ServerMessage;

final class RecordingOutbox implements Outbox {
    final List<ServerMessage> received = new ArrayList<>();
    final List<CloseReason> closes = new ArrayList<>();

    @Override
    public synchronized void close(CloseReason reason) {
        closes.add(reason);
    }

    @Override
    public synchronized void send(ServerMessage message) {
        received.add(message);
    }

    synchronized <T extends ServerMessage> List<T> all(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }

    synchronized <T extends ServerMessage> T last(Class<T> type) {
        List<T> matches = all(type);
        if (matches.isEmpty()) {
            throw new AssertionError("no " + type.getSimpleName() + " among " + received);
        }
        return matches.get(matches.size() - 1);
    }
}
