package org.syncroom.signaling.ws;

import com.google.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.syncroom.signaling.clock.ServerClock;
import org.syncroom.signaling.http.PublicUrl;
import org.syncroom.signaling.http.Routes;
import org.syncroom.signaling.http.TrustedProxies;
import org.syncroom.signaling.http.ServerMetrics;
import org.syncroom.signaling.limits.AddressLimits;
import org.syncroom.signaling.limits.LimitKind;
import org.syncroom.signaling.limits.Limits;
import org.syncroom.signaling.protocol.ProtocolCodec;
import org.syncroom.signaling.room.RoomService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps {@code /ws} to a fresh {@link PeerSocket} per connection, after checking the Origin
 * (403) and the per-address and total connection limits (429).
 */
public final class SocketRoutes {
    private static final Logger log = LoggerFactory.getLogger(SocketRoutes.class);
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /**
     * Jetty starts every incoming text message with a string builder of the input buffer's size
     * (4 KiB by default). Almost every signalling message is under 200 bytes: 4 KiB each was a
     * quarter of all the server's allocation under load, and its garbage collections the tail of
     * the clock-probe round trip. Larger messages grow the builder as they arrive.
     */
    private static final int INPUT_BUFFER_BYTES = 512;
    private static final String FORWARDED_FOR = "X-Forwarded-For";
    /** Refusals are logged once per address and reason; past this many keys the memory starts over. */
    private static final int MAX_REFUSALS_REMEMBERED = 10_000;

    private final PeerSocket.Deps deps;
    private final PublicUrl publicUrl;
    private final AddressLimits addressLimits;
    private final TrustedProxies trustedProxies;
    private final Map<String, Boolean> refusalsLogged = new ConcurrentHashMap<>();

    @Inject
    public SocketRoutes(RoomService service, ProtocolCodec codec, ServerClock clock, ServerMetrics metrics,
                        SocketCloser closer, Limits limits, PublicUrl publicUrl, AddressLimits addressLimits,
                        TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
        this.deps = new PeerSocket.Deps(service, codec, clock, metrics, closer, limits);
        this.publicUrl = publicUrl;
        this.addressLimits = addressLimits;
    }

    public void install(ServerWebSocketContainer container) {
        container.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        container.setInputBufferSize(INPUT_BUFFER_BYTES);
        container.setIdleTimeout(Duration.ofSeconds(deps.limits().idleTimeoutSec()));
        container.setMaxOutgoingFrames(deps.limits().maxQueuedFrames());
        container.addMapping(Routes.SOCKET, this::create);
    }

    private Object create(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String address = Request.getRemoteAddr(request);
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!publicUrl.allowsOrigin(origin)) {
            return refuse(request, response, callback, HttpStatus.FORBIDDEN_403, LimitKind.ORIGIN, address,
                    "Origin " + origin + " is not allowed (see --public-url, --allowed-origin)");
        }
        AddressLimits.Admission admission = addressLimits.tryOpen(address);
        if (admission instanceof AddressLimits.Refused refused) {
            return refuse(request, response, callback, HttpStatus.TOO_MANY_REQUESTS_429, refused.limit(), address,
                    "over the " + refused.limit().label() + " limit");
        }
        // No permessage-deflate (RFC 7692), whatever the browser offers: signalling messages are a
        // few hundred bytes, compressing each one costs the server more CPU than it saves on the
        // wire, and it adds latency to the clock probes.
        response.setExtensions(List.of());
        String client = trustedProxies.clientAddress(address, request.getHeaders().getValuesList(FORWARDED_FOR));
        return new PeerSocket(deps, address, client, origin, ((AddressLimits.Admitted) admission).lease());
    }

    private Object refuse(Request request, Response response, Callback callback, int status, LimitKind limit,
                          String address, String why) {
        deps.metrics().rejected(limit);
        if (refusalsLogged.size() > MAX_REFUSALS_REMEMBERED) {
            refusalsLogged.clear();
        }
        if (refusalsLogged.putIfAbsent(limit.label() + " " + address, Boolean.TRUE) == null) {
            log.warn("refused a socket from addr={} with {}: {} (logged once per address)", address, status, why);
        }
        Response.writeError(request, response, callback, status);
        return null;
    }
}
