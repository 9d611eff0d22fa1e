package org.syncroom.e2e.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * Slow readers and the member that feeds them, inside one well-behaved room: each slow reader
 * reads its welcome (to learn its peer id), sends its join and never reads again, from a client
 * with a 4 KiB receive buffer; the pusher, another member of the room, sends it 4 KiB signals
 * over and over. When the server closes a slow reader (the pusher's next signal comes back
 * unknown-peer), a new one takes its place, so the pressure lasts the whole run.
 */
final class SlowReaderAttack {
    static final int RECEIVE_BUFFER_BYTES = 4096;
    private static final String PAYLOAD = "x".repeat(4 * 1024);

    private final Clients clients;
    private final String invite;
    private final String address;
    private final Wire pusher;
    private final Map<String, NeverReads> live = new ConcurrentHashMap<>();
    final AtomicInteger slowReadersOpened = new AtomicInteger();
    final AtomicInteger slowReadersReplaced = new AtomicInteger();

    SlowReaderAttack(Clients clients, String invite, String address) {
        this.clients = clients;
        this.invite = invite;
        this.address = address;
        this.pusher = new Wire(this::onPusherMessage, code -> { });
    }

    Wire pusher() {
        return pusher;
    }

    void joinPusher(String pusherAddress) throws Exception {
        clients.connect(pusher, pusherAddress, 0);
        pusher.send("{\"type\":\"join\",\"invite\":\"" + invite + "\",\"relay\":true}");
    }

    void openSlowReader() throws Exception {
        NeverReads slow = new NeverReads();
        clients.connect(slow, address, RECEIVE_BUFFER_BYTES);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (slow.peerId == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (slow.peerId == null) {
            slow.session.disconnect();
            return;
        }
        slow.session.sendText("{\"type\":\"join\",\"invite\":\"" + invite + "\",\"relay\":true}", new Callback() {
            @Override
            public void fail(Throwable cause) {
                slow.session.disconnect();
            }
        });
        live.put(slow.peerId, slow);
        slowReadersOpened.incrementAndGet();
    }

    /** One round: a signal to every live slow reader. */
    void push() {
        for (String id : live.keySet()) {
            pusher.send("{\"type\":\"signal\",\"to\":\"" + id + "\",\"data\":{\"blob\":\"" + PAYLOAD + "\"}}");
        }
    }

    private void onPusherMessage(JsonNode m) {
        if (m.get("type").asText().equals("error") && m.get("code").asText().equals("unknown-peer")) {
            String text = m.get("message").asText();
            for (Map.Entry<String, NeverReads> e : live.entrySet()) {
                if (text.contains("\"" + e.getKey() + "\"") && live.remove(e.getKey()) != null) {
                    e.getValue().session.disconnect();
                    slowReadersReplaced.incrementAndGet();
                }
            }
        }
    }

    /** How many slow readers are missing from their target count; the caller opens that many. */
    int missing(int target) {
        return Math.max(0, target - live.size());
    }

    void closeAll() {
        live.values().forEach(s -> s.session.disconnect());
        pusher.abort();
    }
}
