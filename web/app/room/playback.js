// The room's playback state, as the server defines it: {version, trackSeq, playing,
// position (s), at (server ms)}. The same state can reach a listener twice — from the server
// and relayed by the host over the data channel — so only a newer version ever replaces it
// (the room session applies that rule, once).

/** @typedef {import('../protocol.js').PlaybackState} PlaybackState */

/**
 * Track position in seconds at server time `serverMs`.
 * @param {PlaybackState} playback
 * @param {number} serverMs
 */
export function positionAt(playback, serverMs) {
  return playback.playing ? playback.position + (serverMs - playback.at) / 1000 : playback.position;
}

/**
 * The server time (ms) at which a playing timeline reaches track position `positionSec`.
 * @param {PlaybackState} playback
 * @param {number} positionSec
 */
export function serverTimeOf(playback, positionSec) {
  return playback.at + (positionSec - playback.position) * 1000;
}

/**
 * True if `next` should replace `current`.
 * @param {PlaybackState | null} current
 * @param {PlaybackState} next
 */
export function isNewer(current, next) {
  return !current || next.version > current.version;
}

/** A playback change closer than this to the running timeline keeps streaming on. */
const CONTINUOUS_SEC = 0.2;

/**
 * True if `playback` carries on the timeline of `previous` (same track, same position at the
 * moment it takes effect): a pause or a resume, not a seek or a new track.
 * @param {PlaybackState | null} previous
 * @param {PlaybackState} playback
 */
export function isContinuous(previous, playback) {
  return Boolean(previous) && previous.trackSeq === playback.trackSeq
    && Math.abs(positionAt(previous, playback.at) - playback.position) < CONTINUOUS_SEC;
}
