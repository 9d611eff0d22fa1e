// The fastest round trip of the last two minutes: the path's own round trip as near as the probes
// have seen it, against which every probe's queueing is judged. A route that gets slower for
// good is adopted once the faster probes have aged out of the window.

const WINDOW_MS = 120_000;

export class RttFloor {
  constructor(windowMs = WINDOW_MS) {
    this.windowMs = windowMs;
    /** @type {{local: number, rtt: number}[]} increasing in local and in rtt (a sliding minimum) */
    this.candidates = [];
  }

  /** @param {number} local @param {number} rtt */
  observe(local, rtt) {
    if (!Number.isFinite(local) || !Number.isFinite(rtt)) return;
    const c = this.candidates;
    while (c.length > 0 && c[c.length - 1].rtt >= rtt) c.pop();
    c.push({ local, rtt });
    const newest = Math.max(local, c[c.length - 1].local);
    while (c.length > 1 && c[0].local < newest - this.windowMs) c.shift();
  }

  /** The fastest round trip in the window (ms); Infinity before any. */
  get minMs() {
    return this.candidates.length > 0 ? this.candidates[0].rtt : Infinity;
  }
}
