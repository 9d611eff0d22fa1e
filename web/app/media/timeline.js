// Where a track position falls among chunks. Chunk k covers track time
// [k * chunkFrames / sampleRate, (k + 1) * chunkFrames / sampleRate) (docs/protocol.md).

/** @typedef {import('../protocol.js').TrackInfo} TrackInfo */

/** How long one chunk of this track lasts, in seconds. @param {TrackInfo} track */
export function chunkSecOf(track) {
  return track.chunkFrames / track.sampleRate;
}

/**
 * Index of the chunk that holds track position `positionSec` (may be negative before 0).
 * @param {TrackInfo} track
 * @param {number} positionSec
 */
export function chunkIndexAt(track, positionSec) {
  return Math.floor(positionSec / chunkSecOf(track));
}

/** Track position (s) of the first sample of chunk `index`. @param {TrackInfo} track @param {number} index */
export function chunkStartSec(track, index) {
  return index * chunkSecOf(track);
}

/** Number of chunks a track of `totalFrames` frames is cut into. */
export function chunkCount(totalFrames, chunkFrames) {
  return Math.ceil(totalFrames / chunkFrames);
}
