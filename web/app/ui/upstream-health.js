// The listener's warning when audio stops reaching it: the server is finding it another
// route through the relay tree. How much it still holds meanwhile is the buffer-health line's
// to say (ui/buffer-health.js), so that the two never disagree.

import { ListenerEvent, UpstreamState } from '../roles/listener.js';
import { byId } from './dom.js';

/** @param {import('../roles/listener.js').ListenerRole} listener */
export function showUpstreamHealth(listener) {
  const warning = byId('upstream-warning');
  listener.addEventListener(ListenerEvent.UPSTREAM_STATE, (e) => {
    const { state } = /** @type {CustomEvent} */ (e).detail;
    warning.hidden = state === UpstreamState.FLOWING;
    warning.textContent = state === UpstreamState.WAITING
      ? 'No one in the room can pass audio to this page right now (every relay is full); waiting for a free place.'
      : 'Audio stopped arriving from the room; finding another route.';
  });
}

/** True while no upstream warning shows: only then may the page say it is in sync. */
export function upstreamHealthy() {
  return byId('upstream-warning').hidden;
}
