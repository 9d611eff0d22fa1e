package org.syncroom.signaling.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Text frames to protocol records and back. Strict: numbers must be JSON numbers, strings JSON
 * strings, every field is required, unknown fields and types are refused. Every failure
 * becomes an error code with a short text of our own, never a parser's message.
 */
public final class ProtocolCodec {
    private final ObjectMapper mapper = strictMapper();

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        for (LogicalType numeric : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
            mapper.coercionConfigFor(numeric)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    public ClientMessage decode(String text) throws ProtocolException {
        try {
            ClientMessage message = mapper.readValue(text, ClientMessage.class);
            if (message == null) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "a message must be a JSON object");
            }
            return message;
        } catch (InvalidTypeIdException e) {
            String id = e.getTypeId();
            throw new ProtocolException(id == null ? ErrorCode.BAD_MESSAGE : ErrorCode.UNKNOWN_TYPE,
                    id == null ? "message has no \"type\"" : "unknown message type \"" + clip(id) + "\"");
        } catch (ValueInstantiationException e) {
            // Our own constructors refuse with an IllegalArgumentException whose text is ours.
            String reason = e.getCause() instanceof IllegalArgumentException own ? own.getMessage() : "invalid value";
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, reason);
        } catch (JsonMappingException e) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, describe(e));
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON");
        }
    }

    public String encode(ServerMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    private static String describe(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse("");
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field \"" + clip(u.getPropertyName()) + "\"";
        }
        if (e instanceof InvalidNullException) {
            return "field \"" + field + "\" must not be null";
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.contains("issing") && original.contains("property")) {
            int start = original.indexOf('\'');
            int end = original.indexOf('\'', start + 1);
            return "missing field \"" + (start >= 0 && end > start ? original.substring(start + 1, end) : "?") + "\"";
        }
        if (field.isEmpty()) {
            return "a message must be a JSON object";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "field \"" + field + "\" must be " + kind(m.getTargetType());
        }
        return "field \"" + field + "\" has the wrong type";
    }

    private static String kind(Class<?> type) {
        if (type == double.class || type == Double.class || type == int.class || type == Integer.class) {
            return type == int.class || type == Integer.class ? "a whole number" : "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        return "an object";
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
