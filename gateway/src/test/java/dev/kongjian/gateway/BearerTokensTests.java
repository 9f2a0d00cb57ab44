package dev.kongjian.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;

import reactor.core.publisher.Mono;

/** Same answers as Spring Security's converter, which it replaces for speed. */
class BearerTokensTests {

    static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl-_~+/==";

    @Test
    void aBearerHeaderGivesItsToken() {
        assertThat(BearerTokens.resolve(get("/api/v1/feed/home", "Bearer " + JWT))).isEqualTo(JWT);
        assertThat(BearerTokens.resolve(get("/api/v1/feed/home", "bearer " + JWT))).isEqualTo(JWT);
    }

    @Test
    void noHeaderOrAnotherSchemeIsNoToken() {
        assertThat(BearerTokens.resolve(get("/api/v1/feed/home", null))).isNull();
        assertThat(BearerTokens.resolve(get("/api/v1/feed/home", "Basic dTpw"))).isNull();
    }

    @Test
    void malformedTokensAreRejected() {
        for (String header : new String[] { "Bearer", "Bearer ", "Bearer a b", "Bearer a=b", "Bearer ===",
                "Bearer tok\"en", "Bearerx " + JWT, "Bearer  " + JWT }) {
            assertThatThrownBy(() -> BearerTokens.resolve(get("/api/v1/feed/home", header))).as(header)
                    .isInstanceOf(OAuth2AuthenticationException.class);
            assertThat(springAnswer(get("/api/v1/feed/home", header))).as(header).isEqualTo("error");
        }
    }

    @Test
    void theWebSocketHandshakeMayCarryItInTheQueryAndNothingElseMay() {
        assertThat(BearerTokens.resolve(get("/ws?access_token=" + "abc.def", null))).isEqualTo("abc.def");
        assertThat(BearerTokens.resolve(get("/api/v1/feed/home?access_token=abc", null))).isNull();
        assertThatThrownBy(() -> BearerTokens.resolve(get("/ws?access_token=abc", "Bearer " + JWT)))
                .isInstanceOf(OAuth2AuthenticationException.class);
        assertThatThrownBy(() -> BearerTokens.resolve(get("/ws?access_token=a&access_token=b", null)))
                .isInstanceOf(OAuth2AuthenticationException.class);
        assertThatThrownBy(() -> BearerTokens.resolve(get("/ws?access_token=", null)))
                .isInstanceOf(OAuth2AuthenticationException.class);
        assertThat(BearerTokens.resolve(MockServerHttpRequest.post("/ws?access_token=abc").build())).isNull();
    }

    @Test
    void agreesWithSpringSecuritysConverterOnWellFormedTokens() {
        for (String header : new String[] { "Bearer " + JWT, "BEARER abc", "Bearer a.b.c", "Bearer x==" }) {
            var request = get("/api/v1/feed/home", header);
            String ours = new BearerTokens().convert(MockServerWebExchange.from(request))
                    .map(authentication -> ((BearerTokenAuthenticationToken) authentication).getToken())
                    .block();
            assertThat(ours).as(header).isEqualTo(springAnswer(request));
        }
    }

    private static String springAnswer(MockServerHttpRequest request) {
        return new ServerBearerTokenAuthenticationConverter().convert(MockServerWebExchange.from(request))
                .map(authentication -> ((BearerTokenAuthenticationToken) authentication).getToken())
                .onErrorResume(OAuth2AuthenticationException.class, e -> Mono.just("error"))
                .block();
    }

    private static MockServerHttpRequest get(String uri, String authorization) {
        var builder = MockServerHttpRequest.get(uri);
        if (authorization != null) {
            builder.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return builder.build();
    }
}
