package org.syncroom.signaling.together;

import com.google.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /api/together/latest}: the latest sessions as JSON ({@link GlobeSnapshot}).
 * {@code GET /api/together/events}: the same, pushed as server-sent events ({@code event:
 * sessions}) on every window and status change. Each viewer has at most one write in flight
 * and one pending snapshot: a slow viewer skips to the newest instead of queueing.
 */
public final class TogetherRoutes extends Handler.Abstract {
    public static final String LATEST = "/api/together/latest";
    public static final String EVENTS = "/api/together/events";

    private final Globe globe;

    @Inject
    public TogetherRoutes(Globe globe) {
        this.globe = globe;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.equals(LATEST) && !path.equals(EVENTS)) {
            return false;
        }
        if (!HttpMethod.GET.is(request.getMethod())) {
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (path.equals(LATEST)) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(globe.latest().json()), callback);
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        EventStream stream = new EventStream(response, callback);
        if (!globe.latest().subscribe(stream)) {
            Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "too many viewers");
        }
        return true;
    }

    /** One viewer's event stream; ends (unsubscribes, completes the callback) on the first failed write. */
    private final class EventStream implements Consumer<byte[]> {
        private final Response response;
        private final Callback done;
        private final AtomicReference<byte[]> pending = new AtomicReference<>();
        private final AtomicBoolean writing = new AtomicBoolean();

        EventStream(Response response, Callback done) {
            this.response = response;
            this.done = done;
        }

        @Override
        public void accept(byte[] json) {
            pending.set(json);
            drain();
        }

        private void drain() {
            while (pending.get() != null && writing.compareAndSet(false, true)) {
                byte[] json = pending.getAndSet(null);
                if (json == null) {
                    writing.set(false);
                    continue;
                }
                response.write(false, frame(json), Callback.from(() -> {
                    writing.set(false);
                    drain();
                }, failure -> {
                    globe.latest().unsubscribe(this);
                    done.failed(failure);
                }));
                return;
            }
        }
    }

    static ByteBuffer frame(byte[] json) {
        byte[] head = "event: sessions\ndata: ".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(head.length + json.length + 2);
        buffer.put(head).put(json).put((byte) '\n').put((byte) '\n');
        return buffer.flip();
    }
}
