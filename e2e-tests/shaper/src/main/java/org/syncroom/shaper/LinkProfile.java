package org.syncroom.shaper;

import java.util.Locale;

/**
 * How one direction of a link treats frames (what {@link ShapingModel} applies):
 *
 * <ul>
 *   <li>{@code lossFraction}: each frame is dropped on arrival with this probability, independently
 *       (Bernoulli, netem's {@code loss random}).
 *   <li>{@code rateBitsPerSec}: a bottleneck of this speed (0: none). Frames wait in a FIFO of at
 *       most {@code queueBytes}; one that does not fit is dropped (tail drop). Frames count as the
 *       Ethernet frames crossing the veth: 14-byte header, no preamble or FCS.
 *   <li>{@code delayMs} ± {@code jitterMs}: after the bottleneck every frame is held for its own
 *       draw from a normal distribution (mean {@code delayMs}, standard deviation {@code jitterMs},
 *       below 0 taken as 0). Draws are independent, so a frame may overtake earlier ones: jitter
 *       reorders, as netem's does without a rate. (netem's default jitter is uniform; here it is
 *       normal, so "40±15 ms" means a mean of 40 ms and a standard deviation of 15 ms.)
 * </ul>
 *
 * <p>Text form, for {@link #parse} and {@link #toString}: {@code delay=40ms jitter=15ms loss=3%
 * rate=6mbit queue=64kb}; any part may be left out, {@code none} is {@link #UNSHAPED}.
 */
public record LinkProfile(double delayMs, double jitterMs, double lossFraction, long rateBitsPerSec, int queueBytes) {
    /** Queue of the bottleneck unless chosen: 64 KiB, 87 ms at 6 Mbit/s. */
    public static final int DEFAULT_QUEUE_BYTES = 64 * 1024;
    /** The queue holds at least one whole frame. */
    public static final int MIN_QUEUE_BYTES = ShapingModel.MAX_FRAME_BYTES;

    /** Frames pass as they come. */
    public static final LinkProfile UNSHAPED = new LinkProfile(0, 0, 0, 0, DEFAULT_QUEUE_BYTES);

    public LinkProfile {
        if (!(delayMs >= 0) || !(jitterMs >= 0)) {
            throw new IllegalArgumentException("delay and jitter must be >= 0 ms, got " + delayMs + " and " + jitterMs);
        }
        if (!(lossFraction >= 0 && lossFraction <= 1)) {
            throw new IllegalArgumentException("loss must be a fraction in [0, 1], got " + lossFraction);
        }
        if (rateBitsPerSec < 0) {
            throw new IllegalArgumentException("rate must be >= 0 bit/s (0: no cap), got " + rateBitsPerSec);
        }
        if (queueBytes < MIN_QUEUE_BYTES) {
            throw new IllegalArgumentException("queue must hold at least " + MIN_QUEUE_BYTES + " bytes, got " + queueBytes);
        }
    }

    public LinkProfile withDelay(double delayMs, double jitterMs) {
        return new LinkProfile(delayMs, jitterMs, lossFraction, rateBitsPerSec, queueBytes);
    }

    public LinkProfile withLoss(double lossFraction) {
        return new LinkProfile(delayMs, jitterMs, lossFraction, rateBitsPerSec, queueBytes);
    }

    public LinkProfile withRate(long rateBitsPerSec) {
        return new LinkProfile(delayMs, jitterMs, lossFraction, rateBitsPerSec, queueBytes);
    }

    public LinkProfile withQueue(int queueBytes) {
        return new LinkProfile(delayMs, jitterMs, lossFraction, rateBitsPerSec, queueBytes);
    }

    /** Parses the text form (see the class comment); throws naming the part it cannot read. */
    public static LinkProfile parse(String text) {
        LinkProfile profile = UNSHAPED;
        for (String part : text.trim().toLowerCase(Locale.ROOT).split("[\\s,]+")) {
            if (part.isEmpty() || part.equals("none")) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("link profile: \"" + part + "\" is not key=value");
            }
            String key = part.substring(0, eq);
            String value = part.substring(eq + 1);
            try {
                profile = switch (key) {
                    case "delay" -> profile.withDelay(millis(value), profile.jitterMs);
                    case "jitter" -> profile.withDelay(profile.delayMs, millis(value));
                    case "loss" -> profile.withLoss(value.endsWith("%")
                            ? Double.parseDouble(value.substring(0, value.length() - 1)) / 100
                            : Double.parseDouble(value));
                    case "rate" -> profile.withRate(bitsPerSec(value));
                    case "queue" -> profile.withQueue(bytes(value));
                    default -> throw new IllegalArgumentException("unknown key (delay, jitter, loss, rate, queue)");
                };
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("link profile: cannot read \"" + part + "\": " + e.getMessage(), e);
            }
        }
        return profile;
    }

    private static double millis(String value) {
        return Double.parseDouble(value.endsWith("ms") ? value.substring(0, value.length() - 2) : value);
    }

    private static long bitsPerSec(String value) {
        String v = value.endsWith("/s") ? value.substring(0, value.length() - 2) : value;
        if (v.endsWith("mbit")) {
            return Math.round(Double.parseDouble(v.substring(0, v.length() - 4)) * 1e6);
        }
        if (v.endsWith("kbit")) {
            return Math.round(Double.parseDouble(v.substring(0, v.length() - 4)) * 1e3);
        }
        if (v.endsWith("bit")) {
            v = v.substring(0, v.length() - 3);
        }
        return Long.parseLong(v);
    }

    private static int bytes(String value) {
        if (value.endsWith("kb")) {
            return Math.toIntExact(Math.round(Double.parseDouble(value.substring(0, value.length() - 2)) * 1024));
        }
        return Integer.parseInt(value.endsWith("b") ? value.substring(0, value.length() - 1) : value);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (delayMs > 0) {
            text.append(String.format(Locale.ROOT, " delay=%sms", number(delayMs)));
        }
        if (jitterMs > 0) {
            text.append(String.format(Locale.ROOT, " jitter=%sms", number(jitterMs)));
        }
        if (lossFraction > 0) {
            text.append(String.format(Locale.ROOT, " loss=%s%%", number(lossFraction * 100)));
        }
        if (rateBitsPerSec > 0) {
            text.append(rateBitsPerSec % 1_000_000 == 0 ? " rate=" + rateBitsPerSec / 1_000_000 + "mbit"
                    : rateBitsPerSec % 1_000 == 0 ? " rate=" + rateBitsPerSec / 1_000 + "kbit"
                    : " rate=" + rateBitsPerSec + "bit");
        }
        if (queueBytes != DEFAULT_QUEUE_BYTES) {
            text.append(" queue=").append(queueBytes);
        }
        return text.length() == 0 ? "none" : text.substring(1);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
