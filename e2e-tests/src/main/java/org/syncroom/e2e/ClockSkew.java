package org.syncroom.e2e;

import java.util.Locale;

/**
 * A deliberately wrong clock for one page: every clock the page's scripts can read
 * (performance.now, Date.now, AudioContext.getOutputTimestamp) runs {@code driftPpm}
 * fast or slow and is {@code offsetMs} off. The untouched clock stays reachable only to the
 * measurement hook, which converts rendered clicks to true wall time.
 */
public record ClockSkew(double offsetMs, double driftPpm) {

    public static final ClockSkew NONE = new ClockSkew(0, 0);

    /** Offsets of seconds either way and drift of +/-100 ppm, different for every page. */
    public static ClockSkew forListener(int i) {
        double[] offsets = {3_700, -5_200, 11_300, -900, 7_450, -12_050, 2_150, -8_800};
        double offset = offsets[i % offsets.length] + 137.0 * (i / offsets.length);
        double drift = (i % 2 == 0 ? 100 : -100) * (1 - 0.1 * ((i / 2) % 3));
        return new ClockSkew(offset, drift);
    }

    public String initScript() {
        return String.format(Locale.ROOT, """
                (() => {
                  const offsetMs = %f, drift = %e;
                  const nativeNow = performance.now.bind(performance);
                  const origin = performance.timeOrigin;
                  const nativeStamp = AudioContext.prototype.getOutputTimestamp;
                  const skew = (t) => t * (1 + drift) + offsetMs;
                  performance.now = () => skew(nativeNow());
                  Date.now = () => Math.floor(origin + skew(nativeNow()));
                  AudioContext.prototype.getOutputTimestamp = function () {
                    const s = nativeStamp.call(this);
                    return { contextTime: s.contextTime, performanceTime: s.performanceTime ? skew(s.performanceTime) : 0 };
                  };
                  const measure = { timeOrigin: origin, events: [], sinceOpen: (t) => (t - offsetMs) / (1 + drift) };
                  window.__measure = measure;
                  window.addEventListener('syncroom:rendered', (e) => {
                    const { kind, level, contextTime, context } = e.detail;
                    const s = nativeStamp.call(context);
                    // Where the browser's stamps leave the output latency out (Firefox), the
                    // page adds it (clock/output-clock.js): so does the tap's true time.
                    const addedMs = window.syncRoom?.player?.outputClock?.addedLatencyMs ?? 0;
                    const trueMs = origin + s.performanceTime + (contextTime - s.contextTime) * 1000 + addedMs;
                    measure.events.push({ kind, level: level ?? null, trueMs });
                  });
                })();
                """, offsetMs, driftPpm * 1e-6);
    }
}
