package org.syncroom.signaling.http;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics} in Prometheus text format, for callers on loopback, or elsewhere with
 * {@code Authorization: Bearer <--metrics-token>}. Anyone else gets 403.
 */
public final class MetricsHandler extends Handler.Abstract {
    private final ServerMetrics metrics;
    private final byte[] token;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** @param token null: loopback only */
    public MetricsHandler(ServerMetrics metrics, String token) {
        this.metrics = metrics;
        this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!Request.getPathInContext(request).equals(Routes.METRICS)) {
            return false;
        }
        if (!allowed(request)) {
            Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
            return true;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        writer.write(out, metrics.registry().scrape());
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, writer.getContentType());
        response.write(true, ByteBuffer.wrap(out.toByteArray()), callback);
        return true;
    }

    private boolean allowed(Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        if (remote instanceof InetSocketAddress inet) {
            InetAddress address = inet.getAddress();
            if (address != null && address.isLoopbackAddress()) {
                return true;
            }
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        return token != null && authorization != null
                && MessageDigest.isEqual(token, authorization.getBytes(StandardCharsets.UTF_8));
    }
}
