package org.syncroom.signaling.together.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class LocateAndTopTracksTest {
    @Test
    void sampleIsGroupedByCityAndScaledToTheTracksPlays() throws IOException {
        TrackSample sample = new TrackSample(8, 1);
        int tokyo = TestCities.addressIn("Tokyo/JP");
        int london = TestCities.addressIn("London/GB");
        sample.add("song", tokyo);
        sample.add("song", tokyo);
        sample.add("song", tokyo);
        sample.add("song", london);
        sample.add("song", Ipv4.parse("10.0.0.1").getAsInt());
        sample.plays = 40;
        try (GeoIpDatabase db = GeoIpDatabase.open(TestCities.DB)) {
            TrackSession session = LocateCities.locate(sample, db, null, Denylist.empty());
            assertThat(session.located).isEqualTo(4);
            assertThat(session.cities).extracting(c -> c.name + "/" + c.countryCode + "=" + c.plays)
                    .containsExactly("Tokyo/JP=30", "London/GB=10");
            assertThat(session.isShared()).isTrue();
        }
    }

    @Test
    void ipv6SamplesArePlacedWithAnIpv6FileAndLeftUnlocatedWithout() throws IOException {
        TrackSample sample = new TrackSample(8, 1);
        long[] berlin = IpAddress.parse(TestCities.ipv6AddressIn("Berlin/DE"));
        sample.add("song", berlin[0], berlin[1]);
        sample.add("song", TestCities.addressIn("Tokyo/JP"));
        try (GeoIpDatabase both = GeoIpDatabase.open(TestCities.DB, TestCities.IPV6_DB);
             GeoIpDatabase ipv4Only = GeoIpDatabase.open(TestCities.DB)) {
            assertThat(LocateCities.locate(sample, both, null, Denylist.empty()).cities)
                    .extracting(c -> c.name).containsExactlyInAnyOrder("Berlin", "Tokyo");
            TrackSession without = LocateCities.locate(sample, ipv4Only, null, Denylist.empty());
            assertThat(without.located).isEqualTo(1);
            assertThat(without.cities).extracting(c -> c.name).containsExactly("Tokyo");
        }
    }

    @Test
    void asnEntriesNeedAnAsnDatabaseAndAreIgnoredWithoutOne() throws IOException {
        TrackSample sample = new TrackSample(8, 1);
        sample.add("song", TestCities.addressIn("Berlin/DE"));
        try (GeoIpDatabase db = GeoIpDatabase.open(TestCities.DB)) {
            Denylist asOnly = Denylist.parse(new StringReader("AS3320\n"));
            assertThat(LocateCities.locate(sample, db, null, asOnly).located).isEqualTo(1);
        }
    }

    @Test
    void trackHeardInOnePlaceIsDroppedAndOnlyTheMostPlayedAreKept() {
        TopTracks top = new TopTracks(2);
        TopTracks.Top acc = top.createAccumulator();
        top.add(session("solo", 100, "London"), acc);
        top.add(session("small", 5, "Tokyo", "Sydney"), acc);
        top.add(session("big", 50, "Tokyo", "Berlin"), acc);
        top.add(session("middle", 20, "New York", "London"), acc);
        SessionWindow window = TopTracks.toWindow(acc, 1_000, 2_000);
        assertThat(window.sessions).extracting(s -> s.trackKey).containsExactly("big", "middle");
        assertThat(window.playsInWindow).isEqualTo(175);
        assertThat(window.tracksInWindow).isEqualTo(4);
        assertThat(window.sharedTracks).isEqualTo(3);
    }

    @Test
    void mergedAccumulatorsKeepTheBoundAndTotals() {
        TopTracks top = new TopTracks(1);
        TopTracks.Top a = top.add(session("a", 10, "X", "Y"), top.createAccumulator());
        TopTracks.Top b = top.add(session("b", 30, "X", "Y"), top.createAccumulator());
        SessionWindow window = TopTracks.toWindow(top.merge(a, b), 0, 1_000);
        assertThat(window.sessions).extracting(s -> s.trackKey).containsExactly("b");
        assertThat(window.playsInWindow).isEqualTo(40);
        assertThat(window.sharedTracks).isEqualTo(2);
    }

    private static TrackSession session(String track, long plays, String... cities) {
        CityPlays[] located = new CityPlays[cities.length];
        for (int i = 0; i < cities.length; i++) {
            located[i] = new CityPlays(new City(cities[i], "ZZ", 0, 0), plays / cities.length);
        }
        return new TrackSession(track, plays, cities.length, located);
    }
}
