package org.syncroom.signaling.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Everything here is read-only: GET and HEAD, anything else is 405 with {@code Allow}. */
public final class AllowedMethods extends Handler.Wrapper {
    private static final String ALLOW = "GET, HEAD";

    public AllowedMethods(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
            return super.handle(request, response, callback);
        }
        response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
        Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
        return true;
    }
}
