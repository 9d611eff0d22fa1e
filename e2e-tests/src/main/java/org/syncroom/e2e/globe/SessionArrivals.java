package org.syncroom.e2e.globe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Subscribes to the server's push channel like a page does and notes, for every window, when
 * its snapshot arrived and how many plays the job counted in it.
 */
final class SessionArrivals {
    /** Window end (server ms) to {arrival server ms, plays counted, tracks shown}. */
    final Map<Long, long[]> windows = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    void subscribe(HttpClient http, String url, LongSupplier clockMs) {
        Thread reader = new Thread(() -> {
            try {
                HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (!line.startsWith("data: ")) {
                            continue;
                        }
                        long arrival = clockMs.getAsLong();
                        JsonNode snapshot = json.readTree(line.substring(6));
                        long end = snapshot.get("windowEndMs").asLong();
                        windows.putIfAbsent(end, new long[] {arrival, snapshot.get("playsInWindow").asLong(),
                                snapshot.get("sessions").size()});
                    }
                }
            } catch (Exception e) {
                System.err.println("globe benchmark: push channel ended: " + e);
            }
        }, "bench-sse");
        reader.setDaemon(true);
        reader.start();
    }
}
