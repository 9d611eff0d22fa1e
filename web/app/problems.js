// Errors are heard, once: every module that catches something hands it here with a kind
// (a short stable name such as 'bad-chunk'). Each kind is logged with its cause the first time
// and counted every time; the diagnostics surface exposes the counts, and a page view can
// listen to the 'problem' event to tell the person.

export const PROBLEM_EVENT = 'problem';

export class Problems extends EventTarget {
  /** @param {{warn: (...args: any[]) => void}} [log] */
  constructor(log = console) {
    super();
    this.log = log;
    /** @type {Map<string, number>} */
    this.counts = new Map();
  }

  /**
   * Records one occurrence of `kind`. `userMessage`, when given, is meant for the person and
   * travels with the event; the cause goes to the console on the first occurrence only.
   * @param {string} kind
   * @param {unknown} cause
   * @param {string} [userMessage]
   */
  report(kind, cause, userMessage) {
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    if (count === 1) {
      this.log.warn(`[sync-room] ${kind}: ${describe(cause)} (further ${kind} problems are only counted)`);
    }
    this.dispatchEvent(new CustomEvent(PROBLEM_EVENT, { detail: { kind, count, cause, userMessage } }));
  }

  /** @returns {Record<string, number>} */
  snapshot() {
    return Object.fromEntries(this.counts);
  }
}

/** @param {unknown} cause */
export function describe(cause) {
  if (cause instanceof Error) return cause.message || cause.name;
  return String(cause);
}
