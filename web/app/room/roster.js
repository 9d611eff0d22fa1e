// Who is in the room, as the server's latest `roster` says: the host's entry first, then the
// first listeners in the order they joined, and how many listeners there are in all. The room
// session (room/session.js) feeds it; the view (ui/roster.js) renders it. No DOM.
//
// Every string here came from another person's page through the server: views must set it as
// text (textContent), never as markup.

import { Role } from '../protocol.js';

export const RosterEvent = Object.freeze({
  /** {roster: Roster} a newer roster arrived */
  CHANGED: 'roster-changed',
});

/**
 * @typedef {{peerId: string, role: string, name: string, browser: string, connection: string | null,
 *   offsetMs: number | null, bufferAheadSec: number | null, missed: number | null}} RosterEntry
 */

export class Roster extends EventTarget {
  constructor() {
    super();
    /** @type {RosterEntry[]} */
    this.entries = [];
    /** listeners in the room, including those the roster leaves out */
    this.listenerCount = 0;
    /** rosters taken so far */
    this.updates = 0;
    /**
     * @type {{at: number, reported: number, minLeadMs: number} | null} (host's roster only) how the
     * room's last restart landed: the least lead any of `reported` listeners measured (room/command-lead.js)
     */
    this.restart = null;
  }

  /**
   * @param {{entries: RosterEntry[], listenerCount: number,
   *   restart?: {at: number, reported: number, minLeadMs: number} | null}} message a checked `roster` message
   */
  apply({ entries, listenerCount, restart = null }) {
    this.entries = entries.map((e) => ({ ...e }));
    this.listenerCount = listenerCount;
    this.restart = restart ? { ...restart } : null;
    this.updates++;
    this.dispatchEvent(new CustomEvent(RosterEvent.CHANGED, { detail: { roster: this } }));
  }

  /** Listeners in the room the roster has no entry for. */
  get unlisted() {
    return Math.max(0, this.listenerCount - this.entries.filter((e) => e.role === Role.LISTENER).length);
  }

  /** @param {string} peerId */
  entryOf(peerId) {
    return this.entries.find((e) => e.peerId === peerId) ?? null;
  }

  /** Forgets everyone (this page left the room). */
  clear() {
    this.apply({ entries: [], listenerCount: 0 });
  }
}

/**
 * The name to show for an entry: the one its person chose, else "Host" or "Listener" with the
 * start of its peer id, so that nameless entries can still be told apart.
 * @param {RosterEntry} entry
 */
export function shownName(entry) {
  if (entry.name) return entry.name;
  return `${entry.role === Role.HOST ? 'Host' : 'Listener'} ${entry.peerId.slice(0, 4)}`;
}
