package org.syncroom.signaling.ws;

import com.google.inject.Inject;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.syncroom.signaling.clock.ServerClock;
import org.syncroom.signaling.protocol.ProtocolCodec;
import org.syncroom.signaling.room.RoomService;

/** Maps {@code /ws} to a fresh {@link PeerSocket} per connection. */
public final class SocketRoutes {
    public static final String PATH = "/ws";
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final RoomService service;
    private final ProtocolCodec codec;
    private final ServerClock clock;

    @Inject
    public SocketRoutes(RoomService service, ProtocolCodec codec, ServerClock clock) {
        this.service = service;
        this.codec = codec;
        this.clock = clock;
    }

    public void install(ServerWebSocketContainer container) {
        container.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        container.setIdleTimeout(Duration.ofMinutes(5));
        container.addMapping(PATH, (request, response, callback) ->
                new PeerSocket(service, codec, clock, origin(request)));
    }

    private static String origin(Request request) {
        String scheme = request.isSecure() ? "https" : "http";
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            host = Request.getServerName(request) + ":" + Request.getServerPort(request);
        }
        return scheme + "://" + host;
    }
}
