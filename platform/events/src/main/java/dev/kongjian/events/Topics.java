package dev.kongjian.events;

import java.util.List;

/** One topic per publishing service; a poison message goes to the topic's {@code .DLT} twin. */
public final class Topics {

    public static final String USER_EVENTS = "user.events";
    public static final String FEED_EVENTS = "feed.events";
    public static final String MESSAGING_EVENTS = "messaging.events";
    public static final String MEDIA_EVENTS = "media.events";
    public static final String MALL_EVENTS = "mall.events";

    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    /** The header that carries the event type beside the JSON. */
    public static final String TYPE_HEADER = "kongjian-event-type";

    public static final List<String> ALL = List.of(USER_EVENTS, FEED_EVENTS, MESSAGING_EVENTS, MEDIA_EVENTS, MALL_EVENTS);

    private Topics() {
    }

    public static String deadLetterOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
