// The globe tour's state, with no DOM and no WebGL: which track is shown, which city the
// camera is at, and the words the page says. globe-page.js renders it; web/test/ tests it.
// Snapshots are what the server sends (GET /api/together/latest, SSE event "sessions"):
// { status: "off"|"starting"|"live"|"paused", windowEndMs, sessions: [{ track, plays, cities:
//   [{ name, countryCode, latitude, longitude, plays }] }] }, most played track first.

/** How long the camera stays at a city before flying to the next, ms. */
export const DWELL_MS = 4000;

/** Names an ISO 3166 code in the viewer's language; falls back to the code itself. */
export function countryNamer(locales) {
  let names = null;
  try {
    names = new Intl.DisplayNames(locales, { type: 'region' });
  } catch {
    names = null;
  }
  return (code) => {
    try {
      return (names && code && names.of(code)) || code || '';
    } catch {
      return code || '';
    }
  };
}

export class Tour {
  constructor(countryName = (code) => code) {
    this.countryName = countryName;
    this.status = 'starting';
    this.sessions = [];
    this.trackIndex = 0;
    this.cityIndex = 0;
    this.paused = false;
  }

  /** Takes a new snapshot; stays on the same track (by name) and city if they are still there. */
  update(snapshot) {
    const previousTrack = this.track()?.track;
    const previousCity = this.city()?.name;
    this.status = snapshot.status;
    this.sessions = Array.isArray(snapshot.sessions) ? snapshot.sessions : [];
    const t = this.sessions.findIndex((s) => s.track === previousTrack);
    this.trackIndex = t >= 0 ? t : 0;
    const c = this.track() ? this.track().cities.findIndex((city) => city.name === previousCity) : -1;
    this.cityIndex = c >= 0 ? c : 0;
  }

  track() {
    return this.sessions[this.trackIndex] ?? null;
  }

  city() {
    const track = this.track();
    return track ? track.cities[this.cityIndex] ?? null : null;
  }

  /** Moves to the next city; after a track's last city, to the next track's first. */
  next() {
    const track = this.track();
    if (!track) return;
    if (this.cityIndex + 1 < track.cities.length) {
      this.cityIndex += 1;
    } else {
      this.trackIndex = (this.trackIndex + 1) % this.sessions.length;
      this.cityIndex = 0;
    }
  }

  previous() {
    const track = this.track();
    if (!track) return;
    if (this.cityIndex > 0) {
      this.cityIndex -= 1;
    } else {
      this.trackIndex = (this.trackIndex - 1 + this.sessions.length) % this.sessions.length;
      this.cityIndex = this.track().cities.length - 1;
    }
  }

  /** Arcs of the shown track: from the current city to each other city it plays in. */
  arcs() {
    const track = this.track();
    const from = this.city();
    if (!track || !from) return [];
    return track.cities.filter((c) => c !== from).map((to) => ({
      startLat: from.latitude, startLng: from.longitude, endLat: to.latitude, endLng: to.longitude,
    }));
  }

  /** The line under the globe: what is playing, or why nothing is. */
  headline() {
    if (this.status === 'off') return 'The globe is off on this server.';
    if (this.status === 'paused') return 'The globe is paused. Rooms keep playing; it comes back when the job does.';
    const track = this.track();
    if (!track) return this.status === 'starting' ? 'Starting the globe…' : 'Nothing is playing together right now.';
    return track.track;
  }

  /** "128 listening in 3 cities", or '' when nothing is shown. */
  summary() {
    const track = this.track();
    if (!track) return '';
    const cities = track.cities.length;
    return `${track.plays} listening in ${cities} ${cities === 1 ? 'city' : 'cities'}`;
  }

  /** "Tokyo, Japan" for a city. */
  placeName(city) {
    return city ? `${city.name}, ${this.countryName(city.countryCode)}` : '';
  }
}
