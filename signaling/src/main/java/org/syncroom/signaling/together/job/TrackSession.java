package org.syncroom.signaling.together.job;

/** A track and the cities it was played in during one window: what the globe shows. */
public class TrackSession {
    public String trackKey;
    /** All plays of the track in the window, sampled or not. */
    public long plays;
    /** Plays whose address was looked up (the sample, less anonymisers and unknown addresses). */
    public int located;
    public CityPlays[] cities;

    public TrackSession() {}

    public TrackSession(String trackKey, long plays, int located, CityPlays[] cities) {
        this.trackKey = trackKey;
        this.plays = plays;
        this.located = located;
        this.cities = cities;
    }

    /** The single-place filter: a track heard in one place only is not "together". */
    public boolean isShared() {
        return cities != null && cities.length >= 2;
    }
}
