package org.syncroom.signaling.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Headers on every response. The CSP allows only what the pages use: ES modules, the
 * stylesheet and the AudioWorklet module from this origin (worklets fall under script-src),
 * the signalling WebSocket, and the inline {@code data:} favicon. Static files revalidate on
 * every load ({@code no-cache}, with ETags); everything else is {@code no-store}.
 * COOP {@code same-origin} with COEP {@code require-corp} make the pages cross-origin isolated,
 * which gives {@code performance.now()} microsecond steps instead of 0.1 ms (Chromium) or 1 ms
 * (Firefox) for the clock probes; every resource the pages load is from this origin (or
 * {@code data:}/{@code blob:}), so none is blocked by it.
 */
public final class SecurityHeaders extends Handler.Wrapper {
    private final PublicUrl publicUrl;

    public SecurityHeaders(PublicUrl publicUrl, Handler handler) {
        super(handler);
        this.publicUrl = publicUrl;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data: blob:; connect-src 'self' " + publicUrl.webSocketOrigin() + "; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Embedder-Policy", "require-corp");
        headers.put(HttpHeader.CACHE_CONTROL, isStaticFile(Request.getPathInContext(request)) ? "no-cache" : "no-store");
        return super.handle(request, response, callback);
    }

    static boolean isStaticFile(String path) {
        return !path.equals(Routes.SOCKET) && !path.equals(Routes.METRICS);
    }
}
