package dev.kongjian.gateway;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Finds the request's bearer token with the rules of RFC 6750 that Spring Security's
 * {@code ServerBearerTokenAuthenticationConverter} applies — one {@code Authorization: Bearer}
 * header (the first, like Spring's) whose token is made of the b64token characters, and on the
 * WebSocket handshake ({@code GET /ws}) alternatively one {@code access_token} query parameter
 * (browsers cannot set headers there), never both — but checks the characters with a loop
 * instead of that converter's regular expression, which ran over every ~800-character token and
 * measured 5% of the gateway's CPU.
 */
final class BearerTokens implements ServerAuthenticationConverter {

    static final String WEBSOCKET_PATH = "/ws";
    static final String QUERY_PARAMETER = "access_token";
    private static final String SCHEME = "Bearer ";

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        return Mono.fromCallable(() -> resolve(exchange.getRequest()))
                .map(BearerTokenAuthenticationToken::new);
    }

    /**
     * The token, or {@code null} when the request carries none.
     *
     * @throws OAuth2AuthenticationException when it carries a malformed one, or more than one
     */
    static String resolve(ServerHttpRequest request) {
        String fromHeader = fromHeader(request.getHeaders());
        if (!HttpMethod.GET.equals(request.getMethod()) || !WEBSOCKET_PATH.equals(request.getPath().value())) {
            return fromHeader;
        }
        List<String> fromQuery = request.getQueryParams().get(QUERY_PARAMETER);
        if (fromQuery == null || fromQuery.isEmpty()) {
            return fromHeader;
        }
        if (fromHeader != null || fromQuery.size() > 1) {
            throw new OAuth2AuthenticationException(
                    BearerTokenErrors.invalidRequest("Found multiple bearer tokens in the request"));
        }
        String token = fromQuery.getFirst();
        if (token == null || token.isBlank()) {
            throw new OAuth2AuthenticationException(
                    BearerTokenErrors.invalidRequest("The requested token parameter is an empty string"));
        }
        return token;
    }

    private static String fromHeader(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (value == null || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length() - 1)) {
            // another scheme (Basic, …) is not ours to judge: as if there were no token
            return null;
        }
        if (value.length() <= SCHEME.length() || value.charAt(SCHEME.length() - 1) != ' '
                || !isB64Token(value, SCHEME.length())) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
        return value.substring(SCHEME.length());
    }

    /** RFC 6750 b64token: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    static boolean isB64Token(String value, int from) {
        int end = value.length();
        while (end > from && value.charAt(end - 1) == '=') {
            end--;
        }
        if (end == from) {
            return false;
        }
        for (int i = from; i < end; i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
