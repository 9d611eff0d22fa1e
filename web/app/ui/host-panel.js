// The host's panel: the invite (ui/invite.js), the queue (ui/queue.js), Previous / Next and the
// seek bar's times (ui/transport.js), play / pause / seek and the number of listeners. It calls the host role and renders the session; it holds no state of its own.

import { HostEvent } from '../roles/host.js';
import { SessionEvent } from '../room/session.js';
import { byId } from './dom.js';
import { showInvite } from './invite.js';
import { showQueue } from './queue.js';
import { showTransport } from './transport.js';

/**
 * @param {import('../room/session.js').RoomSession} session
 * @param {import('../roles/host.js').HostRole} host
 * @param {import('../problems.js').Problems} problems
 * @param {import('../roles/host-queue.js').HostQueue} queue plays the files picked, in order
 */
export function showHostPanel(session, host, problems, queue) {
  const file = byId('file');
  const progress = byId('file-progress');
  const controls = [byId('play-button'), byId('pause-button'), byId('seek-bar')];
  const seek = byId('seek-bar');
  const globe = /** @type {HTMLInputElement} */ (byId('globe-opt-in'));

  const renderCount = () => {
    byId('listener-count').textContent = String(session.listeners.size);
  };
  const renderTrack = () => {
    if (session.track) seek.max = String(session.track.durationSec);
  };
  for (const type of [SessionEvent.ENTERED, SessionEvent.LISTENER_JOINED, SessionEvent.LISTENER_LEFT]) {
    session.addEventListener(type, renderCount);
  }
  session.addEventListener(SessionEvent.TRACK, renderTrack);
  host.addEventListener(HostEvent.PROGRESS, (e) => {
    progress.textContent = /** @type {CustomEvent} */ (e).detail.text;
  });
  host.addEventListener(HostEvent.READY, () => {
    for (const control of controls) control.disabled = false;
  });

  host.setGlobe(globe.checked);
  globe.addEventListener('change', () => host.setGlobe(globe.checked));
  byId('play-button').addEventListener('click', () => host.play());
  byId('pause-button').addEventListener('click', () => host.pause());
  seek.addEventListener('change', () => host.seek(Number(seek.value)));
  showInvite(session, problems);

  renderCount();
  renderTrack();
  showQueue(session.queue, queue);
  showTransport(session, host, queue);
  // Files picked before this page held the host seat are not lost.
  if (file.files.length > 0) queue.add([...file.files]);
}

