// When is a context time heard? getOutputTimestamp() pairs a context time with the page-clock
// time at which it reaches the output (Web Audio API, AudioContext.getOutputTimestamp():
// https://www.w3.org/TR/webaudio/#dom-audiocontext-getoutputtimestamp; its performanceTime is
// on the same clock as performance.now()). Single readings jump by several milliseconds when a
// render callback runs late and is caught up right after, so the mapping used for scheduling
// is the median of the last few readings: spikes are ignored, real changes (a new output
// latency, a stalled device) are adopted within a few ticks.
//
// Not every browser puts the output latency in its timestamps. Chromium's pair (contextTime,
// performanceTime) says when a context time reaches the output: it lies the output latency
// behind "currentTime is rendered now". Firefox ESR 153's pair is that very moment shifted back
// by the latency on both clocks (contextTime = currentTime - outputLatency, performanceTime =
// now - outputLatency), so it says nothing of the latency, and a Firefox page played 41-46 ms
// late against Chromium's as the sound server heard them (e2e CapturedSoundAcrossBrowsersIT,
// 2026-12-04). Feature test, no user-agent: how far the stamp's mapping lies behind "rendered
// now" (`carriedMs`); when that is under half the context's stated `outputLatency`, the stated
// latency is added.

const WINDOW = 9;

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
}

export class OutputClock {
  /** @param {BaseAudioContext & {getOutputTimestamp(): AudioTimestamp, outputLatency?: number}} context */
  constructor(context, { now = () => performance.now() } = {}) {
    this.context = context;
    this.now = now;
    this.offsets = []; // performanceTime - contextTime, in ms
    this.carried = []; // how much later than "rendered now" the stamp puts the output, in ms
  }

  /** Takes one reading; call it regularly (the player does, on every tick). */
  sample() {
    const stamp = this.context.getOutputTimestamp();
    if (!stamp.performanceTime) return;
    const offset = stamp.performanceTime - stamp.contextTime * 1000;
    this.offsets.push(offset);
    this.carried.push(offset - (this.now() - this.context.currentTime * 1000));
    if (this.offsets.length > WINDOW) this.offsets.shift();
    if (this.carried.length > WINDOW) this.carried.shift();
  }

  /**
   * What is added to the timestamps' mapping because they leave the output latency out (ms; 0
   * where they carry it, as in Chromium).
   */
  get addedLatencyMs() {
    const statedMs = (this.context.outputLatency || 0) * 1000;
    if (this.carried.length === 0 || statedMs <= 0) return 0;
    return median(this.carried) < statedMs / 2 ? statedMs : 0;
  }

  /**
   * The context time (s) that is heard at page-clock time `localMs`.
   * @param {number} localMs
   */
  contextTimeAt(localMs) {
    if (this.offsets.length === 0) this.sample();
    if (this.offsets.length === 0) {
      // The device has not reported yet: assume it plays now plus its stated latency.
      return this.context.currentTime + (localMs - this.now()) / 1000 + (this.context.outputLatency || 0);
    }
    return (localMs - median(this.offsets) - this.addedLatencyMs) / 1000;
  }
}
