package dev.kongjian.events;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire form of events: the record's fields plus {@code type}. Reading is lenient the way a
 * consumer must be: unknown fields are ignored and an unknown {@code type} yields nothing.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventJson() {
    }

    public static byte[] write(KongjianEvent event) {
        ObjectNode node = MAPPER.valueToTree(event);
        node.put("type", event.type());
        return MAPPER.writeValueAsBytes(node);
    }

    public static String writeString(KongjianEvent event) {
        return new String(write(event), StandardCharsets.UTF_8);
    }

    /** A record's value as read from an event topic: {@link #read(byte[])}. */
    public static Optional<KongjianEvent> read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The event if it is of the type a consumer wants; empty for any other type, known or not. */
    public static <T extends KongjianEvent> Optional<T> read(String json, Class<T> type) {
        return read(json).filter(type::isInstance).map(type::cast);
    }

    /**
     * @return the event, or empty when its type is not one this build knows
     * @throws MalformedEvent when the bytes are not an event at all
     */
    public static Optional<KongjianEvent> read(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new MalformedEvent("not a JSON object");
            }
            String type = node.path("type").asString(null);
            return EventTypes.classOf(type).map(eventClass -> MAPPER.treeToValue(node, eventClass));
        } catch (JacksonException e) {
            throw new MalformedEvent(e.getOriginalMessage());
        }
    }

    /** Bytes on an event topic that cannot be read as an event: a poison message. */
    public static final class MalformedEvent extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public MalformedEvent(String reason) {
            super("malformed event: " + reason);
        }
    }
}
