// The room's playback state, as the server defines it: {version, trackSeq, playing,
// position (s), at (server ms)}. The same state can reach a listener twice — from the server
// and relayed by the host over the data channel — so only a newer version ever replaces it.

/** Track position in seconds at server time `serverMs`. */
export function positionAt(playback, serverMs) {
  return playback.playing ? playback.position + (serverMs - playback.at) / 1000 : playback.position;
}

/** True if `next` should replace `current`. */
export function isNewer(current, next) {
  return !current || next.version > current.version;
}
