package org.syncroom.signaling.together.job;

import java.io.File;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per track and window: looks the sampled addresses up (city, country, coordinates), drops
 * those in a denylisted AS, and scales each city's share of the sample to the track's plays.
 * Emits every track; {@link TopTracks} keeps the shared ones.
 */
public final class LocateCities extends ProcessWindowFunction<TrackSample, TrackSession, String, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LocateCities.class);
    private final JobSettings settings;
    private transient GeoIpDatabase geoIp;
    private transient AsnDatabase asns;
    private transient Counter unlocated;
    private transient Counter unlocatableIpv6;
    private transient boolean ipv6Logged;

    public LocateCities(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) throws IOException {
        geoIp = GeoIpDatabase.open(new File(settings.geoIpDbPath),
                settings.geoIpIpv6DbPath == null ? null : new File(settings.geoIpIpv6DbPath));
        asns = settings.asnDbPath == null ? null : AsnDatabase.open(new File(settings.asnDbPath));
        unlocated = getRuntimeContext().getMetricGroup().counter("playsUnlocated");
        unlocatableIpv6 = getRuntimeContext().getMetricGroup().counter("playsUnlocatableIpv6");
    }

    @Override
    public void process(String track, Context context, Iterable<TrackSample> samples, Collector<TrackSession> out)
            throws IOException {
        for (TrackSample sample : samples) {
            if (!geoIp.locatesIpv6()) {
                countIpv6(sample);
            }
            TrackSession session = locate(sample, geoIp, asns, settings.denylist);
            unlocated.inc(sample.sampled - session.located);
            out.collect(session);
        }
    }

    /** Sampled IPv6 addresses this job has no database for: counted, and logged once per task. */
    private void countIpv6(TrackSample sample) {
        int ipv6 = 0;
        for (int i = 0; i < sample.sampled; i++) {
            if (!IpAddress.isIpv4(sample.sampleHigh[i], sample.sampleLow[i])) {
                ipv6++;
            }
        }
        if (ipv6 > 0) {
            unlocatableIpv6.inc(ipv6);
            if (!ipv6Logged) {
                ipv6Logged = true;
                LOG.warn("globe: plays from IPv6 addresses arrive but the job has no IPv6 city database"
                        + " (--geoip-db-ipv6): they are counted as unlocatable (metric playsUnlocatableIpv6) and"
                        + " left out (logged once)");
            }
        }
    }

    /**
     * The cities of one track's sample, most plays first. Addresses the database cannot place,
     * or whose AS is denylisted, are left out; the rest are scaled by plays / located.
     */
    public static TrackSession locate(TrackSample sample, GeoIpDatabase geoIp, AsnDatabase asns, Denylist denylist)
            throws IOException {
        Map<City, long[]> counts = new LinkedHashMap<>();
        int located = 0;
        for (int i = 0; i < sample.sampled; i++) {
            long high = sample.sampleHigh[i];
            long low = sample.sampleLow[i];
            if (asns != null && denylist.hasAsns() && denylist.containsAsn(asns.asnOf(high, low))) {
                continue;
            }
            City city = geoIp.lookup(high, low);
            if (city == null) {
                continue;
            }
            located++;
            counts.computeIfAbsent(city, c -> new long[1])[0]++;
        }
        double scale = located == 0 ? 0 : (double) sample.plays / located;
        CityPlays[] cities = counts.entrySet().stream()
                .map(e -> new CityPlays(e.getKey(), Math.max(1, Math.round(e.getValue()[0] * scale))))
                .sorted(Comparator.comparingLong((CityPlays c) -> c.plays).reversed())
                .toArray(CityPlays[]::new);
        return new TrackSession(sample.trackKey, sample.plays, located, cities);
    }

    @Override
    public void close() throws IOException {
        if (geoIp != null) {
            geoIp.close();
        }
        if (asns != null) {
            asns.close();
        }
    }
}
