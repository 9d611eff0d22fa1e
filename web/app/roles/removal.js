// What a page does once the host has removed it (the server closed its socket with 4004): it
// stops taking and passing on audio, closes its peer links (its parent and children see it go,
// as with any departure; the server has moved its children already), silences what it had
// queued and stops telling the server about itself. No DOM.

import { SessionEvent } from '../room/session.js';

/**
 * @param {import('../room/session.js').RoomSession} session
 * @param {{links: import('../links/peer-links.js').PeerLinks, player: import('../player/player.js').Player,
 *   reporter: import('../room/member-status.js').StatusReporter, role: () => ({stop: () => void} | null)}} deps
 */
export function stopWhenRemoved(session, { links, player, reporter, role }) {
  session.addEventListener(SessionEvent.REMOVED, () => {
    reporter.stop();
    role()?.stop();
    links.closeAll();
    player.stopScheduled(player.context.currentTime);
  });
}
