package dev.kongjian.kit.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.header;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withResourceNotFound;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withServerError;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestTemplate;

class UserDirectoryTests {

    private final RestTemplate rest = new RestTemplate();
    private final MockRestServiceServer userService = MockRestServiceServer.bindTo(rest).build();
    /** Runs the call, and the fallback where it throws, as a closed circuit does. */
    private final CircuitBreaker closedCircuit = new CircuitBreaker() {
        @Override
        public <T> T run(Supplier<T> toRun, Function<Throwable, T> fallback) {
            try {
                return toRun.get();
            } catch (RuntimeException e) {
                return fallback.apply(e);
            }
        }
    };
    private final UserDirectory directory = new UserDirectory(rest, "http://user-service", closedCircuit);

    @BeforeEach
    void signedIn() {
        Jwt jwt = Jwt.withTokenValue("the-callers-token").header("alg", "RS256").subject("mei")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
    }

    @AfterEach
    void signedOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void userServiceIsAskedAsTheCallerAndItsProfileSaysWhetherTheyAreFriends() {
        userService.expect(requestTo("http://user-service/api/v1/users/lin"))
                .andExpect(header("Authorization", "Bearer the-callers-token"))
                .andRespond(withSuccess("{\"id\":\"lin\",\"isFriend\":true}", MediaType.APPLICATION_JSON));
        userService.expect(requestTo("http://user-service/api/v1/users/kai"))
                .andRespond(withSuccess("{\"id\":\"kai\",\"isFriend\":false}", MediaType.APPLICATION_JSON));

        assertThat(directory.relationTo("lin")).isEqualTo(UserDirectory.Relation.FRIEND);
        assertThat(directory.relationTo("kai")).isEqualTo(UserDirectory.Relation.OTHER);
        userService.verify();
    }

    @Test
    void aUserUserServiceDoesNotShowIsNotFoundAndAFailureLeavesItUnknown() {
        userService.expect(requestTo("http://user-service/api/v1/users/nobody")).andRespond(withResourceNotFound());
        userService.expect(requestTo("http://user-service/api/v1/users/lin")).andRespond(withServerError());

        assertThat(directory.relationTo("nobody")).isEqualTo(UserDirectory.Relation.NOT_FOUND);
        assertThat(directory.relationTo("lin")).isEqualTo(UserDirectory.Relation.UNAVAILABLE);
    }

    @Test
    void withoutACallerThereIsNobodyToAskAs() {
        SecurityContextHolder.clearContext();

        assertThat(directory.relationTo("lin")).isEqualTo(UserDirectory.Relation.UNAVAILABLE);
        userService.verify();
    }
}
