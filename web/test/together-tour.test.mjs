// The /together page's tour state (web/together/tour.js): no DOM, no WebGL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tour, countryNamer } from '../together/tour.js';

const tokyo = { name: 'Tokyo', countryCode: 'JP', latitude: 35.69, longitude: 139.69, plays: 3 };
const sydney = { name: 'Sydney', countryCode: 'AU', latitude: -33.87, longitude: 151.21, plays: 2 };
const london = { name: 'London', countryCode: 'GB', latitude: 51.51, longitude: -0.13, plays: 4 };
const snapshot = (sessions, status = 'live') => ({ status, windowEndMs: 1000, sessions });

test('says so when nothing is playing, when paused and when off', () => {
  const tour = new Tour();
  tour.update(snapshot([]));
  assert.equal(tour.headline(), 'Nothing is playing together right now.');
  assert.equal(tour.summary(), '');
  assert.deepEqual(tour.arcs(), []);
  tour.update(snapshot([], 'paused'));
  assert.match(tour.headline(), /paused/);
  tour.update(snapshot([], 'off'));
  assert.match(tour.headline(), /off/);
});

test('shows the track, how many listen where, and arcs from the current city to the others', () => {
  const tour = new Tour(countryNamer('en'));
  tour.update(snapshot([{ track: 'Artist - Song (3:30)', plays: 5, cities: [tokyo, sydney] }]));
  assert.equal(tour.headline(), 'Artist - Song (3:30)');
  assert.equal(tour.summary(), '5 listening in 2 cities');
  assert.equal(tour.placeName(tour.city()), 'Tokyo, Japan');
  assert.deepEqual(tour.arcs(), [{ startLat: 35.69, startLng: 139.69, endLat: -33.87, endLng: 151.21 }]);
});

test('flies city to city, then to the next track, and back', () => {
  const tour = new Tour();
  tour.update(snapshot([
    { track: 'a', plays: 5, cities: [tokyo, sydney] },
    { track: 'b', plays: 4, cities: [london, tokyo] },
  ]));
  tour.next();
  assert.equal(tour.city().name, 'Sydney');
  tour.next();
  assert.equal(tour.track().track, 'b');
  assert.equal(tour.city().name, 'London');
  tour.previous();
  assert.equal(tour.track().track, 'a');
  assert.equal(tour.city().name, 'Sydney');
});

test('a new window keeps the camera on the same track and city when they are still playing', () => {
  const tour = new Tour();
  tour.update(snapshot([{ track: 'a', plays: 5, cities: [tokyo, sydney] }, { track: 'b', plays: 4, cities: [london, tokyo] }]));
  tour.next();
  tour.next();
  tour.update(snapshot([{ track: 'b', plays: 9, cities: [tokyo, london] }, { track: 'c', plays: 2, cities: [tokyo, sydney] }]));
  assert.equal(tour.track().track, 'b');
  assert.equal(tour.city().name, 'London');
});

test('country names follow the viewer language and fall back to the code', () => {
  assert.equal(countryNamer('de')('JP'), 'Japan');
  assert.equal(countryNamer('fr')('GB'), 'Royaume-Uni');
  assert.equal(countryNamer('en')(''), '');
});
