// The home page: "Create a room" when this page has no invite and no host seat to resume;
// the panels of the role once it is in a room.

import { Role } from '../protocol.js';
import { SessionEvent } from '../room/session.js';
import { byId } from './dom.js';

/**
 * @param {import('../room/session.js').RoomSession} session
 * @param {import('../player/player.js').Player} player
 */
export function showRoomEntry(session, player) {
  const start = byId('host-start');
  session.addEventListener(SessionEvent.NEEDS_ROOM, () => {
    start.hidden = false;
  });
  session.addEventListener(SessionEvent.ENTERED, (e) => {
    const { role } = /** @type {CustomEvent} */ (e).detail;
    start.hidden = true;
    byId('now-playing').hidden = false;
    byId(role === Role.HOST ? 'host-panel' : 'listener-panel').hidden = false;
  });
  byId('create-room-button').addEventListener('click', () => {
    player.resume();
    session.createRoom();
  });
}
