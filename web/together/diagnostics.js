// The documented surface tests read from the /together page (one place, no ad-hoc globals):
//   window.syncRoomTogether.state() -> { status, track, summary, cities: ["Tokyo, Japan", ...],
//                                         city: "Tokyo, Japan" | "", snapshots: n, renderer }
// `snapshots` counts snapshots received; `renderer` is "webgl" once the globe drew, or the error.
export function publish(tour, counters) {
  window.syncRoomTogether = {
    state() {
      const track = tour.track();
      return {
        status: tour.status,
        track: track ? track.track : null,
        summary: tour.summary(),
        cities: track ? track.cities.map((c) => tour.placeName(c)) : [],
        city: tour.placeName(tour.city()),
        snapshots: counters.snapshots,
        renderer: counters.renderer,
      };
    },
  };
}
