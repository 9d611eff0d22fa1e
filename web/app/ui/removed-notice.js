// The plain words a listener's page shows when the host took it out of the room, in place of
// the room: nothing of the room stays on screen, and the page does not reconnect by itself.

import { SessionEvent } from '../room/session.js';
import { byId } from './dom.js';
import { announce } from './status.js';

/** Sections that show the room; hidden once this page is out of it. */
const ROOM_SECTIONS = ['listener-panel', 'now-playing', 'output-controls', 'audio-unlock', 'roster-panel'];

/** @param {import('../room/session.js').RoomSession} session */
export function showRemovedNotice(session) {
  session.addEventListener(SessionEvent.REMOVED, () => {
    for (const id of ROOM_SECTIONS) byId(id).hidden = true;
    byId('removed-notice').hidden = false;
    announce('The host removed you from this room.');
  });
}
