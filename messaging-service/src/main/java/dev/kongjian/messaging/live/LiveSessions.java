package dev.kongjian.messaging.live;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The WebSocket sessions open on this instance, by user. A user may have several (a phone and a
 * tablet); each gets every frame. Sends are serialised per session and bounded in time and
 * buffer, so one slow client never holds up the others.
 */
@Component
class LiveSessions {

    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);
    private static final int SEND_TIME_LIMIT_MS = 5_000;
    private static final int BUFFER_LIMIT_BYTES = 512 * 1024;

    private final Map<String, Set<WebSocketSession>> byUser = new ConcurrentHashMap<>();
    private final Counter dropped;

    LiveSessions(MeterRegistry meters) {
        Gauge.builder("kongjian.messaging.live.sessions", byUser, sessions -> sessions.values().stream()
                .mapToInt(Set::size).sum()).description("WebSocket sessions open on this instance").register(meters);
        dropped = Counter.builder("kongjian.messaging.push.dropped")
                .description("frames a session could not take (gone, or too far behind); its client catches up")
                .register(meters);
    }

    WebSocketSession open(String userId, WebSocketSession session) {
        WebSocketSession safe = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, BUFFER_LIMIT_BYTES);
        byUser.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(safe);
        return safe;
    }

    void close(String userId, WebSocketSession session) {
        byUser.computeIfPresent(userId, (id, sessions) -> {
            sessions.removeIf(open -> open.getId().equals(session.getId()));
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /** Sends the frame to every session this instance holds for the users; answers how many took it. */
    int send(Collection<String> userIds, String frame) {
        TextMessage message = new TextMessage(frame);
        int handed = 0;
        for (String userId : userIds) {
            for (WebSocketSession session : byUser.getOrDefault(userId, Set.of())) {
                if (send(session, message)) {
                    handed++;
                } else {
                    dropped.increment();
                }
            }
        }
        return handed;
    }

    static boolean send(WebSocketSession session, TextMessage message) {
        if (!session.isOpen()) {
            return false;
        }
        try {
            session.sendMessage(message);
            return true;
        } catch (IOException | RuntimeException e) {
            // the client went away or fell too far behind: it catches up with afterSeq when it reconnects
            log.debug("Dropped a frame to WebSocket session {}: {}", session.getId(), e.toString());
            return false;
        }
    }
}
