package org.syncroom.signaling.together.job;

/** One city a track is playing in, with the plays counted there in the window (estimated from the sample). */
public class CityPlays {
    public String name;
    public String countryCode;
    public double latitude;
    public double longitude;
    public long plays;

    public CityPlays() {}

    public CityPlays(City city, long plays) {
        this.name = city.name;
        this.countryCode = city.countryCode;
        this.latitude = city.latitude;
        this.longitude = city.longitude;
        this.plays = plays;
    }

    @Override
    public String toString() {
        return name + ", " + countryCode + " x" + plays;
    }
}
