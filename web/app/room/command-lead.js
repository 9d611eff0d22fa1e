// How far ahead the host stamps a play or a seek (`at`): far enough that the audio at the new
// position reaches every listener before it is due, however deep the tree and jittery the paths,
// and no further (a press of play should sound soon). It learns from the room's restarts: the
// server gives the host, with its roster, the least lead any listener measured for the last
// restart whose audio it did not hold already (`roster.restart`, media/restart-lead.js); the time
// that listener's audio took after the command is the lead used minus that. The next lead covers
// the slowest of the last few restarts with room to spare: it rises at once, and falls only once
// the slow restart is HISTORY commands old. No DOM.

/** The first commands of a room, before any restart was measured. */
export const DEFAULT_LEAD_MS = 800;
export const MIN_LEAD_MS = 400;
export const MAX_LEAD_MS = 5000;
/** The slowest path's time is taken this many times over, plus SPARE_MS. */
const HEADROOM = 1.25;
const SPARE_MS = 250;
/** Restarts remembered. */
const HISTORY = 5;

export class CommandLead {
  constructor() {
    /**
     * @type {{at: number, leadMs: number, needMs: number}[]} the last commands stamped, newest
     * last; `needMs`: how long the slowest listener's audio took after it (-Infinity until told)
     */
    this.commands = [];
    this.leadMs = DEFAULT_LEAD_MS;
  }

  /** The host stamps a command now (server time `serverNowMs`): its `at`. @param {number} serverNowMs */
  stamp(serverNowMs) {
    const at = serverNowMs + this.leadMs;
    this.commands.push({ at, leadMs: this.leadMs, needMs: -Infinity });
    if (this.commands.length > HISTORY) this.commands.shift();
    return at;
  }

  /**
   * The server's word on a restart: of `reported` listeners, the least lead was `minLeadMs`.
   * @param {{at: number, reported: number, minLeadMs: number} | null | undefined} restart
   */
  observe(restart) {
    if (!restart || restart.reported < 1) return;
    const command = this.commands.find((c) => c.at === restart.at);
    if (!command) return; // not one of this page's commands (a host that reconnected), or too old
    command.needMs = Math.max(command.needMs, command.leadMs - restart.minLeadMs);
    const slowest = Math.max(...this.commands.map((c) => c.needMs));
    this.leadMs = Math.min(MAX_LEAD_MS, Math.max(MIN_LEAD_MS, slowest * HEADROOM + SPARE_MS));
  }
}
