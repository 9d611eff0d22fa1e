package org.syncroom.shaper;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.TimeUnit;

/**
 * One direction of a shaped link: frames handed to {@link #accept} go through its
 * {@link ShapingModel} into a delay line, and a sender thread writes each to the outgoing packet
 * socket when it is due (earliest due first, so jittered frames reorder).
 */
public final class ShapedDirection {
    /** Frames held for their delay at most: 16,384 × 1,514 B ≈ 25 MB, some 30 s of 6 Mbit/s. */
    public static final int MAX_FRAMES_HELD = 16_384;
    private static final long POLL_MS = 200;

    private final String name;
    private final ShapingModel model;
    private final PacketSocket out;
    private final DelayQueue<HeldFrame> held = new DelayQueue<>();
    private final DirectionCounters counters = new DirectionCounters();
    private final Thread sender;
    private long nextSequence;
    private volatile boolean running = true;
    private volatile boolean sendFailureLogged;

    ShapedDirection(String name, LinkProfile profile, long seed, PacketSocket out) {
        this.name = name;
        this.model = new ShapingModel(profile, seed);
        this.out = out;
        this.sender = new Thread(this::sendLoop, "shaper-send-" + name);
        this.sender.setDaemon(true);
        this.sender.start();
    }

    public String name() {
        return name;
    }

    public LinkProfile profile() {
        return model.profile();
    }

    /** Applies {@code profile} to frames arriving from now on. */
    public void shape(LinkProfile profile) {
        model.shape(profile);
    }

    /** Cuts the direction (every frame dropped, those held too) or mends it (shaped as before). */
    public void setCut(boolean cut) {
        model.setCut(cut);
        if (cut) {
            for (HeldFrame frame : held) { // a copy: frames the sender takes meanwhile are not counted twice
                if (held.remove(frame)) {
                    counters.dropped(DropReason.CUT);
                }
            }
        }
    }

    public boolean isCut() {
        return model.isCut();
    }

    public DirectionStats stats() {
        return counters.snapshot();
    }

    /** Called by the link's receiving thread with each frame read from the incoming end. */
    void accept(byte[] frame, long arrivalNanos) {
        counters.arrived(frame.length);
        Fate fate = model.admit(arrivalNanos, frame.length);
        if (fate.isDropped()) {
            counters.dropped(fate.dropped());
        } else if (held.size() >= MAX_FRAMES_HELD) {
            counters.dropped(DropReason.HOLD_FULL);
        } else {
            held.put(new HeldFrame(frame, fate.dueNanos(), nextSequence++));
        }
    }

    private void sendLoop() {
        Memory buffer = new Memory(PacketSocket.RECEIVE_BUFFER_BYTES);
        while (running) {
            HeldFrame frame;
            try {
                frame = held.poll(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (frame == null) {
                continue;
            }
            if (model.isCut()) {
                counters.dropped(DropReason.CUT);
                continue;
            }
            long latenessNanos = System.nanoTime() - frame.dueNanos();
            try {
                buffer.write(0, frame.frame(), 0, frame.frame().length);
                out.send(buffer, frame.frame().length);
                counters.sent(frame.frame().length, latenessNanos);
            } catch (LastErrorException e) {
                counters.dropped(DropReason.SEND_FAILED);
                if (!sendFailureLogged) {
                    sendFailureLogged = true;
                    System.err.println("shaper " + name + ": sending a " + frame.frame().length + "-byte frame on "
                            + out.interfaceName() + " failed (errno " + e.getErrorCode() + "); later failures are only counted");
                }
            }
        }
    }

    /** Stops the sender thread (frames still held are dropped). */
    void stop() {
        running = false;
        sender.interrupt();
        try {
            sender.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
