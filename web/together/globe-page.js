// The /together page: a WebGL globe (globe.gl over three.js, bundled by esbuild at build time)
// touring the cities where the same track is playing right now. State lives in tour.js; this
// file only renders it and wires input (mouse and touch via the globe's orbit controls,
// keyboard via the buttons and arrow keys).
import Globe from 'globe.gl';
import { MeshPhongMaterial } from 'three';
import { feature } from 'topojson-client';
import countries from 'world-atlas/countries-110m.json';
import { Tour, DWELL_MS, countryNamer } from './tour.js';
import { publish } from './diagnostics.js';

const LATEST = '/api/together/latest';
const EVENTS = '/api/together/events';

const tour = new Tour(countryNamer(navigator.languages));
const counters = { snapshots: 0, renderer: 'starting' };
publish(tour, counters);

const view = {
  globe: document.getElementById('globe'),
  headline: document.getElementById('headline'),
  summary: document.getElementById('summary'),
  cities: document.getElementById('cities'),
  here: document.getElementById('here'),
  previous: document.getElementById('previous'),
  next: document.getElementById('next'),
  pause: document.getElementById('pause'),
};

let globe = null;
try {
  globe = new Globe(view.globe, { animateIn: false })
    .backgroundColor('#05070d')
    .globeMaterial(new MeshPhongMaterial({ color: '#0d2340', shininess: 4 }))
    .showAtmosphere(true)
    .atmosphereColor('#6fa8ff')
    .hexPolygonsData(feature(countries, countries.objects.countries).features)
    .hexPolygonResolution(3)
    .hexPolygonMargin(0.35)
    .hexPolygonColor(() => 'rgba(120, 170, 230, 0.55)')
    .pointAltitude(0.02)
    .pointRadius((c) => 0.35 + Math.min(1.2, Math.log10(1 + c.plays) / 2))
    .pointColor(() => '#ffcc4d')
    .pointLabel((c) => tour.placeName(c))
    .arcColor(() => ['#ffcc4d', '#ff6f91'])
    .arcStroke(0.6)
    .arcDashLength(0.5)
    .arcDashGap(0.2)
    .arcDashAnimateTime(2500)
    .labelText((c) => c.name)
    .labelSize(0.9)
    .labelDotRadius(0.3)
    .labelColor(() => '#ffffff');
  resize();
  counters.renderer = 'webgl';
} catch (error) {
  counters.renderer = `no globe: ${error.message}`;
  view.globe.textContent = 'This browser cannot draw the globe (WebGL is unavailable); the list below still follows.';
}

function resize() {
  if (globe) globe.width(view.globe.clientWidth).height(view.globe.clientHeight);
}
window.addEventListener('resize', resize);

function render() {
  view.headline.textContent = tour.headline();
  view.summary.textContent = tour.summary();
  const track = tour.track();
  view.cities.replaceChildren(...(track ? track.cities : []).map((c) => {
    const item = document.createElement('li');
    item.textContent = `${tour.placeName(c)} · ${c.plays}`;
    if (c === tour.city()) item.setAttribute('aria-current', 'true');
    return item;
  }));
  view.here.textContent = tour.city() ? `Now over ${tour.placeName(tour.city())}` : '';
  const touring = Boolean(track);
  view.previous.disabled = view.next.disabled = view.pause.disabled = !touring;
  view.pause.textContent = tour.paused ? 'Resume tour' : 'Pause tour';
  if (!globe) return;
  const cities = track ? track.cities : [];
  globe.pointsData(cities).labelsData(cities).arcsData(tour.arcs());
  const city = tour.city();
  if (city) globe.pointOfView({ lat: city.latitude, lng: city.longitude, altitude: 1.8 }, 1500);
}

function take(snapshot) {
  counters.snapshots += 1;
  tour.update(snapshot);
  render();
}

function step(move) {
  move();
  render();
  restartTimer();
}

let timer = null;
function restartTimer() {
  clearInterval(timer);
  timer = setInterval(() => {
    if (!tour.paused && tour.track()) step(() => tour.next());
  }, DWELL_MS);
}

view.next.addEventListener('click', () => step(() => tour.next()));
view.previous.addEventListener('click', () => step(() => tour.previous()));
view.pause.addEventListener('click', () => { tour.paused = !tour.paused; render(); });
document.addEventListener('keydown', (event) => {
  if (event.target instanceof HTMLButtonElement && (event.key === ' ' || event.key === 'Enter')) return;
  if (event.key === 'ArrowRight') step(() => tour.next());
  else if (event.key === 'ArrowLeft') step(() => tour.previous());
  else if (event.key === ' ') { event.preventDefault(); tour.paused = !tour.paused; render(); }
});

fetch(LATEST).then((r) => r.json()).then(take).catch(() => {
  take({ status: 'paused', sessions: [] });
});
const events = new EventSource(EVENTS);
events.addEventListener('sessions', (event) => take(JSON.parse(event.data)));
restartTimer();
render();
