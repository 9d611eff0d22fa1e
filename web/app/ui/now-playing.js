// What is playing, where the room is in it and how well this page is synced (the button that
// unlocks audio is ui/audio-unlock.js). Refreshed four times a second,
// and the sync line on every buffer-health sample of a listener, so that it stops claiming
// "in sync" the moment the buffer starves or falls silent.

import { SessionEvent } from '../room/session.js';
import { Role } from '../protocol.js';
import { BufferHealthEvent, allowsInSync } from '../room/buffer-health.js';
import { byId, formatTime } from './dom.js';
import { upstreamHealthy } from './upstream-health.js';

const REFRESH_MS = 250;

/**
 * @param {import('../room/session.js').RoomSession} session
 * @param {import('../player/player.js').Player} player
 * @returns {{follow: (health: import('../room/buffer-health.js').BufferHealth) => void}} `follow`:
 *   a listener's buffer health, which then decides with the upstream whether "in sync" may show
 */
export function showNowPlaying(session, player) {
  const title = byId('track-title');
  const codec = byId('track-codec');
  const position = byId('position');
  const syncInfo = byId('sync-info');
  const seek = byId('seek-bar');
  const onGlobe = byId('on-globe');
  /** @type {import('../room/buffer-health.js').BufferHealth | null} */
  let health = null;

  session.addEventListener(SessionEvent.TRACK, (e) => {
    const { track } = /** @type {CustomEvent} */ (e).detail;
    title.textContent = track.title;
    codec.textContent = `streamed as ${track.codec}`;
    onGlobe.hidden = !track.globe;
  });

  const renderSync = () => {
    const clock = session.clock;
    if (!clock.synced) return;
    // Two-way probes cannot see a path slower one way than the other: up to half the round trip.
    const clockText = `round trip ${clock.lastRtt.toFixed(1)} ms, ±${clock.uncertaintyMs.toFixed(1)} ms`
      + ` (±${clock.asymmetryBoundMs.toFixed(1)} ms more if the path is lopsided), drift ${clock.driftPpm.toFixed(0)} ppm`;
    const buffered = `${player.bufferedAheadSec().toFixed(1)} s buffered`;
    // Never "in sync" while audio is not arriving, or the buffer starves or is silent.
    syncInfo.textContent = !upstreamHealthy() ? `not receiving audio (${buffered}); clock ${clockText}`
      : health && !allowsInSync(health.level) ? `not in sync: audio is missing or running out (${buffered}); clock ${clockText}`
        : `in sync with the server clock (${clockText}), ${buffered}`;
  };

  setInterval(() => {
    renderSync();
    const track = session.track;
    if (track) {
      const pos = Math.min(session.positionNow() ?? 0, track.durationSec);
      position.textContent = `${formatTime(pos)} / ${formatTime(track.durationSec)}`
        + (session.playback?.playing ? '' : ' (paused)');
      if (session.role === Role.HOST && document.activeElement !== seek) seek.value = String(pos);
    }
  }, REFRESH_MS);

  return {
    follow(followed) {
      health = followed;
      followed.addEventListener(BufferHealthEvent.SAMPLED, renderSync);
    },
  };
}
