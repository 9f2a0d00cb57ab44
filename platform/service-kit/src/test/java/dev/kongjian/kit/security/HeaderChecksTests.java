package dev.kongjian.kit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

class HeaderChecksTests {

    static final String[] SAMPLES = { "", "plain", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig", "with\ttab", "bell\u0007",
            "nul\u0000", "del\u007f", "c1\u0085", "line\nbreak", "返回 ümlaut", "emoji \uD83D\uDE00", "unassigned \u0378",
            "lone \uD800 surrogate", "private \uE000 use", "nbsp\u00a0" };

    @Test
    void headerNamesAndValuesAreJudgedAsSpringSecuritysPatternsJudgeThem() {
        for (String sample : SAMPLES) {
            assertThat(HeaderChecks.allowed(sample, true)).as(sample)
                    .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(sample));
            assertThat(HeaderChecks.allowed(sample, false)).as(sample)
                    .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(sample));
        }
        assertThat(HeaderChecks.allowed("with\ttab", true)).isTrue();
        assertThat(HeaderChecks.allowed("bell\u0007", true)).isFalse();
    }

    @Test
    void theBearerTokenComesFromTheAuthorizationHeader() {
        assertThat(HeaderChecks.bearerToken(request("Bearer abc.def.ghi"))).isEqualTo("abc.def.ghi");
        assertThat(HeaderChecks.bearerToken(request("bearer abc"))).isEqualTo("abc");
        assertThat(HeaderChecks.bearerToken(request(null))).isNull();
        assertThat(HeaderChecks.bearerToken(request("Basic dTpw"))).isNull();
        for (String malformed : new String[] { "Bearer", "Bearer ", "Bearerabc" }) {
            assertThatThrownBy(() -> HeaderChecks.bearerToken(request(malformed))).as(malformed)
                    .isInstanceOf(OAuth2AuthenticationException.class);
        }
    }

    @Test
    void onTheWebSocketHandshakeTheTokenMayComeAsAQueryParameterInstead() {
        var handshake = new MockHttpServletRequest("GET", "/ws");
        handshake.addParameter("access_token", "abc.def.ghi");
        assertThat(HeaderChecks.bearerToken(handshake)).isEqualTo("abc.def.ghi");

        var elsewhere = new MockHttpServletRequest("GET", "/api/v1/conversations");
        elsewhere.addParameter("access_token", "abc.def.ghi");
        assertThat(HeaderChecks.bearerToken(elsewhere)).isNull();

        var both = new MockHttpServletRequest("GET", "/ws");
        both.addParameter("access_token", "abc.def.ghi");
        both.addHeader("Authorization", "Bearer abc.def.ghi");
        assertThatThrownBy(() -> HeaderChecks.bearerToken(both)).isInstanceOf(OAuth2AuthenticationException.class);

        var twice = new MockHttpServletRequest("GET", "/ws");
        twice.addParameter("access_token", "a", "b");
        assertThatThrownBy(() -> HeaderChecks.bearerToken(twice)).isInstanceOf(OAuth2AuthenticationException.class);

        var headerOnly = new MockHttpServletRequest("GET", "/ws");
        headerOnly.addHeader("Authorization", "Bearer abc.def.ghi");
        assertThat(HeaderChecks.bearerToken(headerOnly)).isEqualTo("abc.def.ghi");
    }

    private static MockHttpServletRequest request(String authorization) {
        var request = new MockHttpServletRequest("GET", "/api/v1/users/me");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }
}
