package dev.kongjian.events;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The registry of event type names: the simple name of each record, which is unique across topics. */
public final class EventTypes {

    private static final Map<String, Class<? extends KongjianEvent>> BY_NAME = Stream
            .of(UserEvent.class, FeedEvent.class, MediaEvent.class, MallEvent.class)
            .flatMap(family -> Stream.of(family.getPermittedSubclasses()))
            .map(EventTypes::asEventClass)
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private EventTypes() {
    }

    public static String nameOf(Class<?> eventClass) {
        return eventClass.getSimpleName();
    }

    public static Optional<Class<? extends KongjianEvent>> classOf(String name) {
        return Optional.ofNullable(name).map(BY_NAME::get);
    }

    private static Class<? extends KongjianEvent> asEventClass(Class<?> candidate) {
        return candidate.asSubclass(KongjianEvent.class);
    }
}
