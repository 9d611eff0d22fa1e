package org.syncroom.signaling.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** Text frames to protocol records and back, with every failure turned into a precise error code. */
public final class ProtocolCodec {
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public ClientMessage decode(String text) throws ProtocolException {
        try {
            return mapper.readValue(text, ClientMessage.class);
        } catch (InvalidTypeIdException e) {
            String id = e.getTypeId();
            throw new ProtocolException(id == null ? ErrorCode.BAD_MESSAGE : ErrorCode.UNKNOWN_TYPE,
                    id == null ? "message has no \"type\"" : "unknown message type \"" + id + "\"");
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, cause.getMessage());
        } catch (JsonMappingException e) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, describe(e));
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    public String encode(ServerMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
    }

    private static String describe(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse("");
        return (path.isEmpty() ? "" : "field \"" + path + "\": ") + e.getOriginalMessage();
    }
}
