package dev.kongjian.user.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class AuthControllerTests {

    @Test
    void theClientAddressIsTheHopOurGatewayAdded() {
        var request = new MockHttpServletRequest();
        request.setRemoteAddr("10.0.0.5");
        assertThat(AuthController.clientAddress(request)).isEqualTo("10.0.0.5");

        request.addHeader("X-Forwarded-For", "6.6.6.6, 203.0.113.7");
        assertThat(AuthController.clientAddress(request)).isEqualTo("203.0.113.7");
    }
}
