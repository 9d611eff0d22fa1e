package org.syncroom.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The measurement track: a quiet 220 Hz bed with a 3 ms click every {@link #CLICK_INTERVAL_SEC}.
 * Click levels cycle through {@link #LEVELS}, so a listener that is a whole click early or
 * late cannot pass for aligned.
 */
public final class ClickTrack {
    public static final int SAMPLE_RATE = 48_000;
    public static final double CLICK_INTERVAL_SEC = 0.5;
    public static final double CLICK_LENGTH_SEC = 0.003;
    public static final double[] LEVELS = {0.4, 0.6, 0.8, 0.95};
    private static final double BED_LEVEL = 0.05;

    private final double durationSec;

    public ClickTrack(double durationSec) {
        this.durationSec = durationSec;
    }

    /** Track time of click {@code k} (k from 0): clicks start half an interval in. */
    public static double clickTime(int k) {
        return CLICK_INTERVAL_SEC * (k + 1);
    }

    public static double levelOf(int k) {
        return LEVELS[k % LEVELS.length];
    }

    /** Which of {@link #LEVELS} a measured level is, by nearest value. */
    public static int levelIndex(double measured) {
        int best = 0;
        for (int i = 1; i < LEVELS.length; i++) {
            if (Math.abs(LEVELS[i] - measured) < Math.abs(LEVELS[best] - measured)) {
                best = i;
            }
        }
        return best;
    }

    public int clickCount() {
        int k = 0;
        while (clickTime(k) + CLICK_LENGTH_SEC <= durationSec) {
            k++;
        }
        return k;
    }

    public float[] samples() {
        int frames = (int) Math.round(durationSec * SAMPLE_RATE);
        float[] mono = new float[frames];
        for (int i = 0; i < frames; i++) {
            mono[i] = (float) (BED_LEVEL * Math.sin(2 * Math.PI * 220 * i / SAMPLE_RATE));
        }
        int clickFrames = (int) Math.round(CLICK_LENGTH_SEC * SAMPLE_RATE);
        for (int k = 0; clickTime(k) * SAMPLE_RATE + clickFrames <= frames; k++) {
            int start = (int) Math.round(clickTime(k) * SAMPLE_RATE);
            for (int i = 0; i < clickFrames; i++) {
                mono[start + i] = (float) levelOf(k);
            }
        }
        return mono;
    }

    /** 16-bit stereo PCM WAV. */
    public byte[] wav() {
        return wav(null, null);
    }

    /**
     * 16-bit stereo PCM WAV; with an artist and title they are in a RIFF {@code LIST/INFO}
     * chunk ({@code IART}, {@code INAM}), where tag readers find them.
     */
    public byte[] wav(String artist, String title) {
        float[] mono = samples();
        int dataBytes = mono.length * 2 * 2;
        byte[] info = artist == null ? new byte[0] : infoChunk(artist, title);
        ByteBuffer b = ByteBuffer.allocate(44 + info.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + info.length + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2)
                .putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 4).putShort((short) 4).putShort((short) 16);
        b.put(info);
        b.put("data".getBytes()).putInt(dataBytes);
        for (float s : mono) {
            short v = (short) Math.round(Math.max(-1, Math.min(1, s)) * 32767);
            b.putShort(v).putShort(v);
        }
        return b.array();
    }

    private static byte[] infoChunk(String artist, String title) {
        byte[] iart = subChunk("IART", artist);
        byte[] inam = subChunk("INAM", title);
        ByteBuffer b = ByteBuffer.allocate(12 + iart.length + inam.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("LIST".getBytes()).putInt(4 + iart.length + inam.length).put("INFO".getBytes()).put(iart).put(inam);
        return b.array();
    }

    /** A zero-terminated text sub-chunk, padded to an even size (RIFF). */
    private static byte[] subChunk(String id, String text) {
        byte[] bytes = (text + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int padded = bytes.length + (bytes.length % 2);
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(id.getBytes()).putInt(bytes.length).put(bytes);
        return b.array();
    }

    /** Writes the tagged track as {@code name} in {@code dir}. */
    public Path writeTo(Path dir, String name, String artist, String title) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, wav(artist, title));
        return file;
    }

    public Path writeTo(Path dir) throws IOException {
        Path file = dir.resolve("click-track.wav");
        Files.write(file, wav());
        return file;
    }
}
