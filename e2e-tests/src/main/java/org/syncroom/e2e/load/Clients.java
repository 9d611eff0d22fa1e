package org.syncroom.e2e.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * WebSocket clients bound to distinct loopback source addresses (127.0.0.0/8 is all loopback
 * on Linux), so the test spreads its sockets over addresses the way real users come from many,
 * and the server's per-address limits stay at their defaults. One thread pool for all.
 */
final class Clients implements AutoCloseable {
    private final URI ws;
    private final QueuedThreadPool threads = new QueuedThreadPool(64, 8, 60_000);
    private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("load-scheduler", true);
    private final Map<String, WebSocketClient> byAddress = new HashMap<>();
    private final List<WebSocketClient> all = new ArrayList<>();

    Clients(URI ws) throws Exception {
        this.ws = ws;
        threads.setName("load-client");
        threads.start();
        scheduler.start();
    }

    /** @param receiveBufferBytes 0 for the default; small for clients that must stall quickly */
    synchronized WebSocketClient from(String address, int receiveBufferBytes) throws Exception {
        String key = address + "/" + receiveBufferBytes;
        WebSocketClient existing = byAddress.get(key);
        if (existing != null) {
            return existing;
        }
        ClientConnector connector = new ClientConnector();
        connector.setBindAddress(new InetSocketAddress(address, 0));
        connector.setExecutor(threads);
        connector.setScheduler(scheduler);
        if (receiveBufferBytes > 0) {
            connector.setReceiveBufferSize(receiveBufferBytes);
        }
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(threads);
        http.setScheduler(scheduler);
        WebSocketClient client = new WebSocketClient(http);
        client.setIdleTimeout(java.time.Duration.ofMinutes(5));
        client.setMaxTextMessageSize(1024 * 1024);
        client.start();
        byAddress.put(key, client);
        all.add(client);
        return client;
    }

    Session connect(Object listener, String address, int receiveBufferBytes) throws Exception {
        return from(address, receiveBufferBytes).connect(listener, ws).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        List<WebSocketClient> clients;
        synchronized (this) {
            clients = List.copyOf(all);
        }
        for (WebSocketClient client : clients) {
            client.stop();
        }
        scheduler.stop();
        threads.stop();
    }
}
