// This page's presence in the room's roster: its display name (remembered on this device), the
// status it sends every 500 ms (room/member-status.js) and what it does once the host removes
// it (roles/removal.js). Behaviour only; the roster itself is rendered by ui/roster.js.

import { DisplayName } from '../room/display-name.js';
import { StatusReporter, browserName } from '../room/member-status.js';
import { stopWhenRemoved } from './removal.js';

/**
 * @param {{session: import('../room/session.js').RoomSession, player: import('../player/player.js').Player,
 *   links: import('../links/peer-links.js').PeerLinks, diagnostics: import('../diagnostics.js').Diagnostics,
 *   storage: Storage, navigator: Navigator, role: () => ({stop: () => void} | null)}} deps
 *   `navigator`: the page's, for its user agent (and brands, where the browser has User-Agent Client Hints)
 */
export function startPresence({ session, player, links, diagnostics, storage, navigator, role }) {
  const displayName = new DisplayName({ storage });
  const brands = /** @type {any} */ (navigator).userAgentData?.brands ?? [];
  const reporter = new StatusReporter({
    session, displayName, browser: browserName(navigator.userAgent, brands),
    bufferAheadSec: () => (session.track ? player.bufferedAheadSec() : 0),
    upstreamViaTurn: (peerId) => links.upstreamViaTurn(peerId),
  });
  stopWhenRemoved(session, { links, player, reporter, role });
  diagnostics.watchReporter(reporter);
  reporter.start();
  return { displayName, reporter };
}
