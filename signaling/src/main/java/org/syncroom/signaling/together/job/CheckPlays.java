package org.syncroom.signaling.together.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.metrics.Counter;

/**
 * First stage: drops idle ticks silently, and counts and drops plays that break
 * {@link PlayRules} or come from a denylisted range. Never throws on bad input.
 */
public final class CheckPlays extends RichFilterFunction<PlayEvent> {
    private static final long serialVersionUID = 1L;
    private final Denylist denylist;
    private final long maxPlayAgeMs;
    private transient Counter malformed;
    private transient Counter anonymised;

    public CheckPlays(Denylist denylist, long maxPlayAgeMs) {
        this.denylist = denylist;
        this.maxPlayAgeMs = maxPlayAgeMs;
    }

    @Override
    public void open(OpenContext context) {
        malformed = getRuntimeContext().getMetricGroup().counter("playsMalformed");
        anonymised = getRuntimeContext().getMetricGroup().counter("playsAnonymised");
    }

    @Override
    public boolean filter(PlayEvent play) {
        if (Ticks.isTick(play)) {
            return false;
        }
        if (PlayRules.check(play, System.currentTimeMillis(), maxPlayAgeMs) != PlayRules.Verdict.OK) {
            malformed.inc();
            return false;
        }
        if (denylist.containsAddress(play.addressHigh, play.addressLow)) {
            anonymised.inc();
            return false;
        }
        return true;
    }
}
