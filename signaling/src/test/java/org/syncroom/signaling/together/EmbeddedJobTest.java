package org.syncroom.signaling.together;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.syncroom.signaling.together.job.Denylist;
import org.syncroom.signaling.together.job.IpAddress;
import org.syncroom.signaling.together.job.Ipv4;
import org.syncroom.signaling.together.job.JobSettings;
import org.syncroom.signaling.together.job.PlayEvent;
import org.syncroom.signaling.together.job.SessionWindow;
import org.syncroom.signaling.together.job.TestCities;

/** The whole job in a real MiniCluster: windows, filters and lookups end to end. */
class EmbeddedJobTest {
    @Test
    void eachWindowShowsTheTracksHeardInTwoPlacesWithTheirCitiesFromIpv4AndIpv6Plays() throws Exception {
        JobSettings settings = new JobSettings();
        settings.geoIpDbPath = TestCities.DB.getPath();
        settings.geoIpIpv6DbPath = TestCities.IPV6_DB.getPath();
        settings.denylist = Denylist.parse(new java.io.StringReader("104.28.0.0/16\n"));
        LinkedBlockingQueue<SessionWindow> out = new LinkedBlockingQueue<>();
        try (EmbeddedJob job = EmbeddedJob.start(settings, 1_000, out::add)) {
            long first = (System.currentTimeMillis() / 1_000 + 3) * 1_000;
            long second = first + 1_000;
            String sydney = "Sydney/AU";
            String tokyo = "Tokyo/JP";
            long[] berlinIpv6 = IpAddress.parse(TestCities.ipv6AddressIn("Berlin/DE"));
            // Window 1: "together" in Sydney, Tokyo and (IPv6) Berlin; "alone" only in London; noise dropped.
            offer(job, first + 100, "together", TestCities.addressIn(sydney));
            offer(job, first + 200, "together", TestCities.addressIn(sydney));
            offer(job, first + 300, "together", TestCities.addressIn(tokyo));
            offer(job, first + 400, "together", Ipv4.parse("104.28.7.7").getAsInt());
            assertThat(job.offer(new PlayEvent(first + 450, "together", berlinIpv6[0], berlinIpv6[1], "room-1"))).isTrue();
            offer(job, first + 500, "alone", TestCities.addressIn("London/GB"));
            offer(job, first + 600, "alone", TestCities.addressIn("London/GB"));
            offer(job, first + 700, "private", Ipv4.parse("192.168.1.1").getAsInt());
            offer(job, first + 800, "private", Ipv4.parse("10.1.1.1").getAsInt());
            // Bad input straight into the job (past the server's own checks): counted, dropped, no crash.
            offer(job, first + 850, "", TestCities.addressIn(tokyo));
            offer(job, first + 60_000, "together", TestCities.addressIn(tokyo));
            assertThat(job.offer(new PlayEvent(first + 870, "together", 0, 0, "room-1"))).isTrue();
            // Window 2: "alone" is now heard in Berlin too.
            offer(job, second + 100, "alone", TestCities.addressIn("London/GB"));
            offer(job, second + 200, "alone", TestCities.addressIn("Berlin/DE"));

            List<SessionWindow> windows = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (windows.stream().noneMatch(w -> w.windowStartMs == second) && System.currentTimeMillis() < deadline) {
                SessionWindow w = out.poll(500, TimeUnit.MILLISECONDS);
                if (w != null) {
                    windows.add(w);
                }
            }
            SessionWindow w1 = windows.stream().filter(w -> w.windowStartMs == first).findFirst().orElseThrow();
            SessionWindow w2 = windows.stream().filter(w -> w.windowStartMs == second).findFirst().orElseThrow();
            assertThat(w1.sessions).extracting(s -> s.trackKey).containsExactly("together");
            assertThat(Arrays.stream(w1.sessions[0].cities).map(c -> c.name + "=" + c.plays))
                    .containsExactlyInAnyOrder("Sydney=2", "Tokyo=1", "Berlin=1");
            assertThat(w1.playsInWindow).as("denylisted, private, trackless, far-off and unspecified plays are not counted")
                    .isEqualTo(6);
            assertThat(w1.tracksInWindow).isEqualTo(2);
            assertThat(w2.sessions).extracting(s -> s.trackKey).containsExactly("alone");
            assertThat(Arrays.stream(w2.sessions[0].cities).map(c -> c.name))
                    .containsExactlyInAnyOrder("London", "Berlin");
            assertThat(job.status().isGloballyTerminalState()).isFalse();
        }
    }

    private static void offer(EmbeddedJob job, long timeMs, String track, int address) {
        assertThat(job.offer(new PlayEvent(timeMs, track, address, "room-1"))).isTrue();
    }
}
