package org.syncroom.e2e.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A room of well-behaved clients: the host creates it, announces a ten-minute track, and
 * then plays, seeks and pauses every two seconds; listeners join through the invite and answer
 * the host's offer. Every member must hear every playback change.
 */
final class WellBehavedRoom {
    final Member host;
    final List<Member> listeners = new ArrayList<>();
    final AtomicInteger commandsSent = new AtomicInteger();
    String invite;

    WellBehavedRoom(int index, ConcurrentLinkedQueue<Double> rtt) {
        host = new Member("room" + index + "-host", rtt);
    }

    void create() throws Exception {
        host.welcome.get(10, TimeUnit.SECONDS);
        host.wire.send("{\"type\":\"create-room\",\"hostKey\":\"KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK\"}");
        String url = host.roomCreated.get(10, TimeUnit.SECONDS).get("inviteUrl").asText();
        invite = url.substring(url.indexOf("invite=") + "invite=".length());
        host.joined.get(10, TimeUnit.SECONDS);
        host.wire.send("{\"type\":\"announce-track\",\"title\":\"load\",\"durationSec\":600,\"sampleRate\":48000,"
                + "\"channels\":2,\"chunkFrames\":4800,\"codec\":\"pcm16\","
                + "\"tags\":{\"artist\":\"\",\"title\":\"\"},\"globe\":false}");
    }

    void join(Member listener) throws Exception {
        listener.welcome.get(10, TimeUnit.SECONDS);
        listener.wire.send("{\"type\":\"join\",\"invite\":\"" + invite + "\",\"relay\":true}");
        listener.joined.get(10, TimeUnit.SECONDS);
        String hostId = host.welcome.join().get("peerId").asText();
        String myId = listener.welcome.join().get("peerId").asText();
        host.wire.send("{\"type\":\"signal\",\"to\":\"" + myId + "\",\"data\":{\"description\":{\"type\":\"offer\","
                + "\"sdp\":\"v=0\"}}}");
        listener.wire.send("{\"type\":\"signal\",\"to\":\"" + hostId + "\",\"data\":{\"description\":{\"type\":"
                + "\"answer\",\"sdp\":\"v=0\"}}}");
        listeners.add(listener);
    }

    /** The host's next command, cycling play, seek, pause; positions stay inside the track. */
    void command() {
        int n = commandsSent.incrementAndGet();
        String type = switch (n % 3) {
            case 1 -> "play";
            case 2 -> "seek";
            default -> "pause";
        };
        double position = (n * 7.5) % 500;
        host.wire.send(String.format(Locale.ROOT, "{\"type\":\"%s\",\"position\":%.1f,\"at\":%.3f}", type, position,
                host.serverNowMs() + 200));
    }

    List<Member> members() {
        List<Member> all = new ArrayList<>(listeners);
        all.add(host);
        return all;
    }

    /** Playback versions the host saw that a listener, in the room since before the first command, missed. */
    long broadcastsLost() {
        long lost = 0;
        for (Member listener : listeners) {
            long from = listener.joinedVersion();
            for (long version : host.playbackVersions) {
                if (version > from && !listener.playbackVersions.contains(version)) {
                    lost++;
                }
            }
        }
        return lost;
    }

    /** Every version the host got back must be one of its commands: none refused, none lost to it. */
    long hostCommandsUnanswered(long firstVersion) {
        long answered = host.playbackVersions.stream().filter(v -> v > firstVersion).count();
        return commandsSent.get() - answered;
    }
}
