// How well this listener's buffer is fed: seconds of audio held ahead of the play position,
// chunks that were missing when their time came, chunks that arrived after their time (late),
// and one level that says whether the page may claim to be in sync. The listener role
// (roles/listener.js) feeds it what arrives and samples it on its watch; the view
// (ui/buffer-health.js) only renders it. No DOM.
//
// `recovered` counts chunks that were missing, asked for again (relay/repair-requests.js) and
// arrived before their time.

/** Whether the buffer lets the page sound, and sound in step. */
export const BufferLevel = Object.freeze({
  /** nothing is due: no track, paused, before a play takes effect, or past the end */
  IDLE: 'idle',
  OK: 'ok',
  /** still sounding, but less is held than a change of parent needs to go unheard */
  LOW: 'low',
  /** still sounding from the buffer, but nothing new arrives, or too little is left to wait for it */
  STARVING: 'starving',
  /** the room plays and this page does not: the audio at the position is missing, or the output is off */
  SILENT: 'silent',
});

/**
 * Upstream keeps a listener about 4 s ahead (media/streamer.js), less each hop's delay; below
 * this the buffer is low. Deep listeners of a big tree can sit near it while healthy, which is
 * why LOW only warns and is never reported to the server.
 */
export const LOW_BELOW_AHEAD_SEC = 2.5;
/** Whatever flows, less than this held ahead is too little to ride out a change of parent. */
export const STARVING_BELOW_AHEAD_SEC = 1.5;
/**
 * While the room plays a chunk comes every chunk length (0.25 s by default, roles/host.js):
 * none for this long (almost two and a half of them) means the flow stopped. Shorter than the listener's
 * STALL_MS (1 s, which reports to the server) so that the person is told within a second.
 */
export const STALLED_AFTER_MS = 600;
/** A jump of the position by more than this many chunks is a seek, not chunks that went by. */
const MAX_PASSED_PER_SAMPLE = 40;

/**
 * The level for one sample of the buffer.
 * @param {{expecting: boolean, outputRunning: boolean, aheadSec: number, heldToEndOfTrack: boolean,
 *   stalledMs: number}} sample `expecting`: the room plays and the position lies within the track;
 *   `heldToEndOfTrack`: every chunk from the position to the end of the track is held
 * @returns {string} BufferLevel
 */
export function levelOf({ expecting, outputRunning, aheadSec, heldToEndOfTrack, stalledMs }) {
  if (!expecting) return BufferLevel.IDLE;
  if (!outputRunning || (aheadSec <= 0 && !heldToEndOfTrack)) return BufferLevel.SILENT;
  if (heldToEndOfTrack) return BufferLevel.OK;
  if (aheadSec < STARVING_BELOW_AHEAD_SEC || stalledMs > STALLED_AFTER_MS) return BufferLevel.STARVING;
  if (aheadSec < LOW_BELOW_AHEAD_SEC) return BufferLevel.LOW;
  return BufferLevel.OK;
}

/** Only while the buffer is neither starving nor silent may a page say it is in sync. @param {string} level */
export function allowsInSync(level) {
  return level !== BufferLevel.STARVING && level !== BufferLevel.SILENT;
}

export const BufferHealthEvent = Object.freeze({
  /** {health: BufferHealth} a new sample was taken */
  SAMPLED: 'buffer-health-sampled',
});

export class BufferHealth extends EventTarget {
  /** @param {{outputRunning?: () => boolean}} [deps] whether the page's audio output runs */
  constructor({ outputRunning = () => true } = {}) {
    super();
    this.outputRunning = outputRunning;
    /** @type {string} BufferLevel */
    this.level = BufferLevel.IDLE;
    /** whether the audio output ran at the last sample (a suspended AudioContext is silence) */
    this.outputOn = true;
    this.aheadSec = 0;
    /** ms the flow has stood still while expected (0 while nothing is due) */
    this.stalledMs = 0;
    this.counts = { missing: 0, late: 0, recovered: 0 };
    this.lastArrivalMs = -Infinity;
    /** since when chunks are due (the room plays within the track), or null */
    this.expectingSinceMs = null;
    /** the first chunk whose time has not yet passed, as of the last sample, or null */
    this.nextDueIndex = null;
  }

  /** A new track, a seek or a pause: counting of chunks that went by starts again at the position. */
  restart() {
    this.nextDueIndex = null;
  }

  /**
   * A chunk of the current track arrived. It is late when its first sample's time has passed;
   * recovered when it came on a repair request and is not late.
   * @param {{nowMs: number, startSec: number, positionSec: number | null, repaired?: boolean}} arrival
   *   `positionSec`: the room's position while it plays, else null
   */
  arrived({ nowMs, startSec, positionSec, repaired = false }) {
    this.lastArrivalMs = nowMs;
    const late = positionSec !== null && positionSec >= 0 && startSec < positionSec;
    if (late) this.counts.late++;
    else if (repaired) this.counts.recovered++;
  }

  /**
   * One look at the buffer, a few times a second.
   * @param {{nowMs: number, expecting: boolean, positionIndex: number, aheadSec: number,
   *   heldToEndOfTrack: boolean, has: (index: number) => boolean}} sample `positionIndex`: the chunk
   *   at the position; `has`: whether a chunk of the current track arrived
   */
  sample({ nowMs, expecting, positionIndex, aheadSec, heldToEndOfTrack, has }) {
    this.aheadSec = Math.max(0, aheadSec);
    if (!expecting) {
      this.expectingSinceMs = null;
      this.nextDueIndex = null;
      this.stalledMs = 0;
    } else {
      this.expectingSinceMs ??= nowMs;
      this.countMissing(positionIndex, has);
      this.stalledMs = Math.max(0, nowMs - Math.max(this.lastArrivalMs, this.expectingSinceMs));
    }
    this.outputOn = this.outputRunning();
    this.level = levelOf({ expecting, outputRunning: this.outputOn, aheadSec, heldToEndOfTrack, stalledMs: this.stalledMs });
    this.dispatchEvent(new CustomEvent(BufferHealthEvent.SAMPLED, { detail: { health: this } }));
  }

  /** Chunks whose time went by since the last sample without having arrived. */
  countMissing(positionIndex, has) {
    const from = this.nextDueIndex;
    this.nextDueIndex = positionIndex;
    if (from === null || positionIndex - from > MAX_PASSED_PER_SAMPLE) return;
    for (let index = Math.max(0, from); index < positionIndex; index++) if (!has(index)) this.counts.missing++;
  }

  /** What diagnostics.js and the view read. */
  snapshot() {
    return { level: this.level, aheadSec: this.aheadSec, stalledMs: this.stalledMs, outputOn: this.outputOn, ...this.counts };
  }
}
