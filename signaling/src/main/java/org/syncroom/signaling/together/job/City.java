package org.syncroom.signaling.together.job;

import java.util.Objects;

/** A place a play was looked up to: city name, ISO 3166 country code and coordinates in degrees. */
public class City {
    public String name;
    public String countryCode;
    public double latitude;
    public double longitude;

    public City() {}

    public City(String name, String countryCode, double latitude, double longitude) {
        this.name = name;
        this.countryCode = countryCode;
        this.latitude = latitude;
        this.longitude = longitude;
    }

    /** Two lookups are the same place when name and country agree (coordinates may differ by network). */
    public String placeKey() {
        return countryCode + "/" + name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof City c && Objects.equals(name, c.name) && Objects.equals(countryCode, c.countryCode);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, countryCode);
    }

    @Override
    public String toString() {
        return name + ", " + countryCode;
    }
}
