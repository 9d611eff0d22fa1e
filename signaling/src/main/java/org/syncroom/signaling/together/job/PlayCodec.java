package org.syncroom.signaling.together.job;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Plays on the Kafka topic {@link KafkaTopics#PLAYS}: a fixed little binary record (version,
 * server time, address, track key, room id), written by the servers and read by the job. A
 * record that is not one decodes to null, and the job counts and drops it. Servers write
 * version 2 (an address of either family, {@link IpAddress}); version 1 (IPv4 only) is still read.
 * A tick ({@link Ticks}) is a record of its own kind with only the time.
 *
 * <pre>
 * u8 kind (0x54 'T')  | i64 serverTimeMs
 * u8 version (2) | i64 serverTimeMs | i64 addressHigh | i64 addressLow | u16 n, n bytes UTF-8 trackKey | u16 m, m bytes UTF-8 roomId
 * u8 version (1) | i64 serverTimeMs | i32 ipv4                         | u16 n, n bytes UTF-8 trackKey | u16 m, m bytes UTF-8 roomId
 * </pre>
 */
public final class PlayCodec {
    public static final byte VERSION = 2;
    static final byte VERSION_IPV4 = 1;
    static final byte TICK = 0x54;
    private static final int MAX_TEXT_BYTES = 1_024;

    private PlayCodec() {}

    public static byte[] encode(PlayEvent play) {
        byte[] track = bounded(play.trackKey);
        byte[] room = bounded(play.roomId);
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 16 + 2 + track.length + 2 + room.length);
        b.put(VERSION).putLong(play.serverTimeMs).putLong(play.addressHigh).putLong(play.addressLow);
        b.putShort((short) track.length).put(track).putShort((short) room.length).put(room);
        return b.array();
    }

    public static byte[] encodeTick(long timeMs) {
        return ByteBuffer.allocate(9).put(TICK).putLong(timeMs).array();
    }

    public static boolean isTick(byte[] bytes) {
        return bytes.length == 9 && bytes[0] == TICK;
    }

    /** The play or tick in {@code bytes}, or null when they are not a version 1 or 2 play record or a tick. */
    public static PlayEvent decode(byte[] bytes) {
        if (bytes != null && isTick(bytes)) {
            return Ticks.at(ByteBuffer.wrap(bytes, 1, 8).getLong());
        }
        if (bytes == null || bytes.length < 17 || (bytes[0] != VERSION && bytes[0] != VERSION_IPV4)) {
            return null;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte version = b.get();
            long time = b.getLong();
            long high = 0;
            long low;
            if (version == VERSION_IPV4) {
                low = IpAddress.ipv4Low(b.getInt());
            } else {
                high = b.getLong();
                low = b.getLong();
            }
            String track = text(b);
            String room = text(b);
            return b.hasRemaining() ? null : new PlayEvent(time, track, high, low, room);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(ByteBuffer b) {
        int length = Short.toUnsignedInt(b.getShort());
        byte[] bytes = new byte[length];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bounded(String text) {
        byte[] bytes = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("a play's text fields are at most " + MAX_TEXT_BYTES + " bytes");
        }
        return bytes;
    }
}
