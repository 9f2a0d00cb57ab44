package dev.kongjian.messaging.live;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import dev.kongjian.kit.problem.DomainException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /ws}: the app's live connection. The handshake carries the access token (checked
 * like any request), and the session belongs to its user until it closes. The server says
 * {@code ready} once frames reach the session, then pushes {@code message.new},
 * {@code message.read}, {@code notification.new} and {@code typing}; the
 * client may send {@code {"type":"typing","conversationId":…}}, passed on to the conversation's
 * other members, and {@code {"type":"ping"}}, answered with {@code {"type":"pong"}}.
 */
@Component
class LiveSocket extends TextWebSocketHandler {

    static final String PATH = "/ws";
    private static final String USER = "userId";
    private static final String SAFE_SESSION = "safeSession";

    private final LiveSessions sessions;
    private final Push push;
    private final ConversationMembers members;
    private final JsonMapper json;

    LiveSocket(LiveSessions sessions, Push push, ConversationMembers members, JsonMapper json) {
        this.sessions = sessions;
        this.push = push;
        this.members = members;
        this.json = json;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        Principal principal = session.getPrincipal();
        if (principal == null) {
            LiveSessions.send(session, new TextMessage("{\"type\":\"error\",\"message\":\"not signed in\"}"));
            close(session, CloseStatus.POLICY_VIOLATION);
            return;
        }
        session.getAttributes().put(USER, principal.getName());
        WebSocketSession safe = sessions.open(principal.getName(), session);
        session.getAttributes().put(SAFE_SESSION, safe);
        // the gateway answers the app's handshake before it has reached this instance: "ready" says
        // that frames now arrive, and the app catches up with afterSeq from there
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("type", "ready");
        ready.put("userId", principal.getName());
        reply(safe, ready);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        String userId = (String) session.getAttributes().get(USER);
        WebSocketSession safe = (WebSocketSession) session.getAttributes().getOrDefault(SAFE_SESSION, session);
        JsonNode frame;
        try {
            frame = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            reply(safe, error("a frame is a JSON object"));
            return;
        }
        switch (frame.path("type").asString("")) {
            case "ping" -> reply(safe, Map.of("type", "pong"));
            case "typing" -> typing(userId, safe, frame.path("conversationId").asString(""));
            default -> reply(safe, error("unknown frame type; expected typing or ping"));
        }
    }

    private void typing(String userId, WebSocketSession session, String conversationId) {
        List<String> others;
        try {
            others = members.of(userId, conversationId).stream().filter(member -> !member.equals(userId)).toList();
        } catch (DomainException e) {
            reply(session, error("no such conversation"));
            return;
        }
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "typing");
        frame.put("conversationId", conversationId);
        frame.put("userId", userId);
        push.toUsers(others, frame);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Object userId = session.getAttributes().get(USER);
        if (userId != null) {
            sessions.close((String) userId, session);
        }
    }

    private void reply(WebSocketSession session, Map<String, ?> frame) {
        LiveSessions.send(session, new TextMessage(json.writeValueAsString(frame)));
    }

    private static Map<String, String> error(String message) {
        Map<String, String> frame = new LinkedHashMap<>();
        frame.put("type", "error");
        frame.put("message", message);
        return frame;
    }

    private static void close(WebSocketSession session, CloseStatus status) {
        try {
            session.close(status);
        } catch (java.io.IOException e) {
            // already gone
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSocket
    static class Endpoint implements WebSocketConfigurer {

        private final LiveSocket socket;

        Endpoint(LiveSocket socket) {
            this.socket = socket;
        }

        @Override
        public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
            // the app is not a browser page of ours; the token, not the origin, says who may connect
            registry.addHandler(socket, PATH).setAllowedOriginPatterns("*");
        }
    }
}
