package org.syncroom.signaling.nat;

import java.net.InetSocketAddress;
import org.ice4j.StunException;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.Attribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;

/**
 * The answer to one UDP datagram sent to the STUN port, decoded and encoded with ice4j's STUN
 * messages: a Binding request gets a success response carrying the sender's address as
 * XOR-MAPPED-ADDRESS (RFC 8489 §14.2), which is all a browser gathering a server-reflexive
 * candidate asks for. No state is kept between datagrams.
 */
public final class StunAnswers {
    /** RFC 8489 §5: every STUN message starts with a 20-byte header holding this cookie. */
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int HEADER_BYTES = 20;

    /** A datagram that is no STUN message (or one this server cannot parse). */
    public static final class NotStunException extends Exception {
        NotStunException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private StunAnswers() {}

    /**
     * The response to send back to {@code from}, or null when the datagram is well-formed STUN
     * but nothing to answer (an indication, a response, another method).
     *
     * @throws NotStunException when the datagram is not a STUN message
     */
    public static byte[] answer(byte[] data, int length, InetSocketAddress from) throws NotStunException {
        checkFraming(data, length);
        Message message;
        try {
            message = Message.decode(data, 0, length);
        } catch (StunException | RuntimeException e) {
            throw new NotStunException("undecodable STUN message: " + e.getMessage(), e);
        }
        if (message.getMessageType() != Message.BINDING_REQUEST || !(message instanceof Request request)) {
            return null;
        }
        byte[] transactionId = request.getTransactionID();
        TransportAddress mapped = new TransportAddress(from.getAddress(), from.getPort(), Transport.UDP);
        Response response = MessageFactory.createBindingResponse(request, mapped);
        try {
            response.setTransactionID(transactionId);
        } catch (StunException e) {
            throw new NotStunException("unusable transaction id", e);
        }
        if (response.getAttribute(Attribute.XOR_MAPPED_ADDRESS) == null) {
            response.putAttribute(AttributeFactory.createXorMappedAddressAttribute(mapped, transactionId));
        }
        // No MESSAGE-INTEGRITY is added, so encoding needs no StunStack (it only supplies keys).
        return response.encode(null);
    }

    /** RFC 8489 §5-6: two zero bits, the magic cookie, a length matching the datagram, 4-byte aligned. */
    private static void checkFraming(byte[] data, int length) throws NotStunException {
        if (length < HEADER_BYTES) {
            throw new NotStunException(length + " bytes, shorter than a STUN header", null);
        }
        if ((data[0] & 0xC0) != 0) {
            throw new NotStunException("first two bits set: not STUN", null);
        }
        int cookie = ((data[4] & 0xFF) << 24) | ((data[5] & 0xFF) << 16) | ((data[6] & 0xFF) << 8) | (data[7] & 0xFF);
        if (cookie != MAGIC_COOKIE) {
            throw new NotStunException("no magic cookie (RFC 3489 or not STUN)", null);
        }
        int bodyBytes = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        if (bodyBytes % 4 != 0 || HEADER_BYTES + bodyBytes != length) {
            throw new NotStunException("length field " + bodyBytes + " does not match a datagram of " + length
                    + " bytes", null);
        }
    }
}
