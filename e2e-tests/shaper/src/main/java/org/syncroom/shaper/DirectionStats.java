package org.syncroom.shaper;

/**
 * What one shaped direction did since it started, as counted by the shaper (frames are Ethernet
 * frames; the "dropped" counts add up to arrived − sent − still held).
 *
 * @param framesOversize frames above {@link ShapingModel#MAX_FRAME_BYTES} (segmentation offload
 *     left on at an end: a shaped link should see none)
 * @param sendsLateOver1Ms frames sent more than 1 ms after they were due (the machine was busy)
 * @param maxSendLatenessMicros the latest a frame left after it was due
 */
public record DirectionStats(
        long framesArrived,
        long bytesArrived,
        long framesSent,
        long bytesSent,
        long droppedCut,
        long droppedLoss,
        long droppedQueueFull,
        long droppedHoldFull,
        long droppedSendFailed,
        long framesOversize,
        long sendsLateOver1Ms,
        long maxSendLatenessMicros) {

    public long dropped() {
        return droppedCut + droppedLoss + droppedQueueFull + droppedHoldFull + droppedSendFailed;
    }
}
