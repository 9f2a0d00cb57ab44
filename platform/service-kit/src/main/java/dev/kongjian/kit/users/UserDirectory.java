package dev.kongjian.kit.users;

import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestTemplate;

import tools.jackson.databind.JsonNode;

/**
 * user-service asked directly, as the signed-in caller, about one user: the one synchronous call a
 * service makes, and only where its replica of {@code user.events} says no. A replica trails the
 * facts by the time an event takes to arrive, and the app acts at once: it befriends someone and
 * opens a chat with them, or registers and receives a gift. Through Eureka, with short timeouts
 * and a circuit breaker; when user-service cannot answer, the replica's answer stands.
 */
public class UserDirectory {

    /** How the caller stands to a user, as user-service sees it now. */
    public enum Relation {
        FRIEND,
        /** the user exists for the caller, and is not a friend */
        OTHER,
        /** no such user, or hidden from the caller (a block) */
        NOT_FOUND,
        /** user-service could not be asked */
        UNAVAILABLE
    }

    private final RestTemplate users;
    private final String baseUrl;
    private final CircuitBreaker circuit;

    public UserDirectory(RestTemplate users, String baseUrl, CircuitBreaker circuit) {
        this.users = users;
        this.baseUrl = baseUrl;
        this.circuit = circuit;
    }

    public Relation relationTo(String userId) {
        String token = callerToken();
        if (token == null) {
            return Relation.UNAVAILABLE;
        }
        return circuit.run(() -> ask(userId, token), failure -> Relation.UNAVAILABLE);
    }

    private Relation ask(String userId, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        try {
            JsonNode profile = users.exchange(baseUrl + "/api/v1/users/{id}", HttpMethod.GET, new HttpEntity<>(headers),
                    JsonNode.class, userId).getBody();
            return profile != null && profile.path("isFriend").asBoolean(false) ? Relation.FRIEND : Relation.OTHER;
        } catch (HttpClientErrorException.NotFound e) {
            return Relation.NOT_FOUND;
        }
    }

    private static String callerToken() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof JwtAuthenticationToken jwt ? jwt.getToken().getTokenValue() : null;
    }
}
