// The listener's panel: that the host controls playback, and whether the host is online.

import { Role } from '../protocol.js';
import { SessionEvent } from '../room/session.js';
import { byId } from './dom.js';

/** @param {import('../room/session.js').RoomSession} session */
export function showListenerPanel(session) {
  const hostStatus = byId('host-status');
  const render = () => {
    hostStatus.hidden = session.role !== Role.LISTENER || session.hostOnline;
  };
  session.addEventListener(SessionEvent.ENTERED, render);
  session.addEventListener(SessionEvent.HOST_PRESENCE, render);
}
