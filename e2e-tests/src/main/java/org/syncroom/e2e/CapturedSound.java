package org.syncroom.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every page sent to its audio output, recorded by the sound server (see
 * {@link SoundServer#startCapturing}): one channel per page, all on one sample clock. Clicks are
 * found as the in-page tap finds them (web/app/measure/tap-worklet.js: a sample above
 * {@link #CLICK_THRESHOLD}, at least 100 ms after the last, its level read 1.5 ms in), to the
 * sample, and placed in ms from the start of the recording.
 */
public final class CapturedSound {
    public static final double CLICK_THRESHOLD = 0.3;
    private static final double REFRACTORY_SEC = 0.1;
    private static final double LEVEL_DELAY_SEC = 0.0015;

    private final Map<String, List<Recording.Click>> clicksByPage;
    private final double seconds;

    private CapturedSound(Map<String, List<Recording.Click>> clicksByPage, double seconds) {
        this.clicksByPage = clicksByPage;
        this.seconds = seconds;
    }

    static CapturedSound read(Path raw, int channels, int sampleRate, Map<String, Integer> channelOfPage) throws IOException {
        FloatBuffer samples = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        int frames = samples.remaining() / channels;
        Map<String, List<Recording.Click>> clicks = new LinkedHashMap<>();
        channelOfPage.forEach((page, channel) -> clicks.put(page, clicksIn(samples, channels, channel, frames, sampleRate)));
        return new CapturedSound(clicks, frames / (double) sampleRate);
    }

    /** The clicks of one channel of interleaved {@code samples}. */
    static List<Recording.Click> clicksIn(FloatBuffer samples, int channels, int channel, int frames, int sampleRate) {
        List<Recording.Click> clicks = new ArrayList<>();
        int refractory = (int) Math.round(sampleRate * REFRACTORY_SEC);
        int levelDelay = (int) Math.round(sampleRate * LEVEL_DELAY_SEC);
        int last = Integer.MIN_VALUE / 2;
        for (int frame = 0; frame < frames; frame++) {
            float v = Math.abs(samples.get(frame * channels + channel));
            if (v > CLICK_THRESHOLD && frame - last > refractory) {
                last = frame;
                if (frame + levelDelay < frames) {
                    double level = Math.abs(samples.get((frame + levelDelay) * channels + channel));
                    clicks.add(new Recording.Click(frame * 1000.0 / sampleRate, ClickTrack.levelIndex(level), level));
                }
            }
        }
        return clicks;
    }

    /** Seconds recorded. */
    public double seconds() {
        return seconds;
    }

    /** The pages recorded, in the order their sinks were made. */
    public List<String> pages() {
        return List.copyOf(clicksByPage.keySet());
    }

    /** The clicks page {@code name} played, in ms on the recording's clock. */
    public List<Recording.Click> clicksOf(String name) {
        List<Recording.Click> clicks = clicksByPage.get(name);
        if (clicks == null) {
            throw new IllegalArgumentException("no page " + name + " was recorded; recorded: " + clicksByPage.keySet());
        }
        return clicks;
    }

    /**
     * For each click of {@code page}: ms after the click of the same level of {@code reference}
     * nearest to it, within {@code windowMs} (clicks without one are left out).
     */
    public static List<Double> offsetsFrom(List<Recording.Click> page, List<Recording.Click> reference, double windowMs) {
        List<Double> offsets = new ArrayList<>();
        for (Recording.Click c : page) {
            reference.stream().filter(r -> r.levelIndex() == c.levelIndex() && Math.abs(r.atMs() - c.atMs()) < windowMs)
                    .min((a, b) -> Double.compare(Math.abs(a.atMs() - c.atMs()), Math.abs(b.atMs() - c.atMs())))
                    .ifPresent(r -> offsets.add(c.atMs() - r.atMs()));
        }
        return offsets;
    }
}
