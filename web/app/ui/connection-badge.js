// The badge in the header: whether the signalling socket is up. Peer links outlive it, so
// "reconnecting" does not mean silence.

import { SessionEvent } from '../room/session.js';
import { byId } from './dom.js';

/** @param {import('../room/session.js').RoomSession} session */
export function showConnection(session) {
  const badge = byId('connection');
  session.addEventListener(SessionEvent.SERVER_CONNECTION, (e) => {
    const { connected } = /** @type {CustomEvent} */ (e).detail;
    badge.textContent = connected ? 'connected' : 'reconnecting…';
    badge.className = connected ? 'badge ok' : 'badge bad';
  });
}
