// The host's transport: Previous / Next through the queue and the seek bar's elapsed and total
// time (m:ss), also given to screen readers as the bar's value text. Renders the session's
// track and position four times a second; holds no state.

import { HostEvent } from '../roles/host.js';
import { byId, formatTime } from './dom.js';

const REFRESH_MS = 250;

/**
 * @param {import('../room/session.js').RoomSession} session
 * @param {import('../roles/host.js').HostRole} host
 * @param {import('../roles/host-queue.js').HostQueue} controller
 */
export function showTransport(session, host, controller) {
  const previous = byId('previous-button');
  const next = byId('next-button');
  const elapsed = byId('elapsed');
  const total = byId('total');
  const seek = byId('seek-bar');
  previous.addEventListener('click', () => controller.previous());
  next.addEventListener('click', () => controller.next());
  host.addEventListener(HostEvent.READY, () => render());

  const render = () => {
    const queue = session.queue;
    previous.disabled = queue.before() === null;
    next.disabled = queue.after() === null;
    const track = session.track;
    if (!track) return;
    const at = Math.min(session.positionNow() ?? 0, track.durationSec);
    const text = [formatTime(at), formatTime(track.durationSec)];
    if (elapsed.textContent !== text[0]) elapsed.textContent = text[0];
    if (total.textContent !== text[1]) total.textContent = text[1];
    seek.setAttribute('aria-valuetext', `${text[0]} of ${text[1]}`);
  };
  setInterval(render, REFRESH_MS);
}
