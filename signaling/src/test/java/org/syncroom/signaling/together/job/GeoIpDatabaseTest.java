package org.syncroom.signaling.together.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoIpDatabaseTest {
    @Test
    void addressesFoundInTheDatabaseLookUpToTheirCityWithCoordinates() throws IOException {
        try (GeoIpDatabase db = GeoIpDatabase.open(TestCities.DB)) {
            City tokyo = db.lookup(TestCities.addressIn("Tokyo/JP"));
            assertThat(tokyo.name).isEqualTo("Tokyo");
            assertThat(tokyo.countryCode).isEqualTo("JP");
            assertThat(tokyo.latitude).isBetween(35.0, 36.5);
            assertThat(tokyo.longitude).isBetween(139.0, 140.5);
            City london = db.lookup(TestCities.addressIn("London/GB"));
            assertThat(london.placeKey()).isEqualTo("GB/London");
            assertThat(london.latitude).isBetween(51.0, 52.0);
        }
    }

    @Test
    void ipv6AddressesLookUpInTheIpv6FileAndIpv4InTheOther() throws IOException {
        try (GeoIpDatabase db = GeoIpDatabase.open(TestCities.DB, TestCities.IPV6_DB)) {
            assertThat(db.locatesIpv6()).isTrue();
            for (String place : new String[] {"Berlin/DE", "Tokyo/JP"}) {
                long[] a = IpAddress.parse(TestCities.ipv6AddressIn(place));
                City city = db.lookup(a[0], a[1]);
                assertThat(city.name + "/" + city.countryCode).isEqualTo(place);
            }
            assertThat(db.lookup(TestCities.addressIn("Sydney/AU")).name).isEqualTo("Sydney");
        }
    }

    @Test
    void withAnIpv4OnlyFileAnIpv6AddressHasNoCityRatherThanAWrongOne() throws IOException {
        long[] berlin = IpAddress.parse(TestCities.ipv6AddressIn("Berlin/DE"));
        try (GeoIpDatabase db = GeoIpDatabase.open(TestCities.DB)) {
            assertThat(db.locatesIpv6()).isFalse();
            assertThat(db.lookup(berlin[0], berlin[1])).isNull();
        }
    }

    @Test
    void filesNamedForTheWrongFamilyAreRefused() {
        assertThatThrownBy(() -> GeoIpDatabase.open(TestCities.IPV6_DB))
                .isInstanceOf(IOException.class).hasMessageContaining("IPv6 networks only");
        assertThatThrownBy(() -> GeoIpDatabase.open(TestCities.DB, TestCities.DB))
                .isInstanceOf(IOException.class).hasMessageStartingWith(GeoIpDatabase.IPV6_FILE_PREFIX)
                .hasMessageContaining("IPv4 database");
    }

    @Test
    void privateAddressHasNoCity() throws IOException {
        try (GeoIpDatabase db = GeoIpDatabase.open(TestCities.DB)) {
            assertThat(db.lookup(Ipv4.parse("192.168.1.20").getAsInt())).isNull();
        }
    }

    @Test
    void geoLite2LayoutReadsTheSameFields() {
        Map<String, Object> record = Map.of(
                "city", Map.of("names", Map.of("en", "Berlin", "de", "Berlin")),
                "country", Map.of("iso_code", "DE"),
                "location", Map.of("latitude", 52.52, "longitude", 13.40));
        City city = GeoIpDatabase.cityOf(record);
        assertThat(city.placeKey()).isEqualTo("DE/Berlin");
        assertThat(city.longitude).isEqualTo(13.40);
    }

    @Test
    void districtIsDroppedFromTheCityName() {
        assertThat(GeoIpDatabase.withoutDistrict("Amsterdam (Amsterdam-Centrum)")).isEqualTo("Amsterdam");
        assertThat(GeoIpDatabase.withoutDistrict("Tokyo")).isEqualTo("Tokyo");
    }

    @Test
    void missingFileIsNamedInTheError() {
        assertThatThrownBy(() -> GeoIpDatabase.open(new File("/nonexistent/city.mmdb")))
                .isInstanceOf(IOException.class).hasMessageContaining("/nonexistent/city.mmdb");
    }

    @Test
    void corruptFileIsRefusedAsNotAnMmdb(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("city.mmdb"), "not a database at all");
        assertThatThrownBy(() -> GeoIpDatabase.open(junk.toFile()))
                .isInstanceOf(IOException.class).hasMessageContaining("not a MaxMind DB");
    }
}
