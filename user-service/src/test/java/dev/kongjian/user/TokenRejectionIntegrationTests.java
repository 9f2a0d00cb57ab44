package dev.kongjian.user;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.kongjian.user.token.SigningKeys;

class TokenRejectionIntegrationTests extends UserServiceTestSupport {

    @Autowired
    SigningKeys keys;

    @Test
    void aTokenThatUserServiceIssuedIsAccepted() {
        User user = newUser("Ok");

        assertThat(http.send("GET", "/api/v1/users/me", user.token(), null).status()).isEqualTo(200);
        assertThat(http.send("GET", "/api/v1/users/me", sign(keys.current(), claims(user.id())), null).status())
                .isEqualTo(200);
    }

    @Test
    void operatorsNamedInConfigurationGetTheAdminRole() throws Exception {
        http.send("POST", "/api/v1/auth/register", null,
                "{\"username\":\"%s\",\"password\":\"correct horse\",\"displayName\":\"Ops\"}".formatted(ADMIN));
        String adminToken = http.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"%s\",\"password\":\"correct horse\"}".formatted(ADMIN)).json().path("accessToken")
                .asString();
        User someone = newUser("Someone");

        assertThat(SignedJWT.parse(adminToken).getJWTClaimsSet().getStringListClaim("roles")).contains("ADMIN");
        assertThat(SignedJWT.parse(someone.token()).getJWTClaimsSet().getStringListClaim("roles"))
                .containsExactly("USER");
        assertThat(SignedJWT.parse(someone.token()).getJWTClaimsSet().getAudience()).containsExactly("kongjian-api");
        assertThat(SignedJWT.parse(someone.token()).getJWTClaimsSet().getExpirationTime().getTime()
                - SignedJWT.parse(someone.token()).getJWTClaimsSet().getIssueTime().getTime()).isEqualTo(900_000);
    }

    @Test
    void everyKindOfBadTokenIs401() throws Exception {
        User user = newUser("Target");
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(keys.current().getKeyID()).generate();
        String[] parts = user.token().split("\\.");
        String tamperedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace(user.id(), "someone-else").getBytes());
        String algNone = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + parts[1] + ".";

        assertProblem(http.send("GET", "/api/v1/users/me", null, null), 401);
        assertProblem(http.send("GET", "/api/v1/users/me", "garbage", null), 401);
        assertProblem(http.send("GET", "/api/v1/users/me", algNone, null), 401);
        assertProblem(http.send("GET", "/api/v1/users/me", parts[0] + "." + tamperedPayload + "." + parts[2], null),
                401);
        assertProblem(http.send("GET", "/api/v1/users/me", sign(stranger, claims(user.id())), null), 401);
        assertProblem(http.send("GET", "/api/v1/users/me", sign(keys.current(), new JWTClaimsSet.Builder(
                claims(user.id())).expirationTime(Date.from(Instant.now().minusSeconds(120))).build()), null), 401);
        assertProblem(http.send("GET", "/api/v1/users/me", sign(keys.current(), new JWTClaimsSet.Builder(
                claims(user.id())).issuer("https://evil.example").build()), null), 401);
        assertProblem(http.send("GET", "/api/v1/users/me", sign(keys.current(), new JWTClaimsSet.Builder(
                claims(user.id())).audience("another-api").build()), null), 401);
    }

    @Test
    void aRotatedKeyKeepsVerifyingItsTokensAndTheJwksListsBoth() {
        User user = newUser("Rotation");
        String before = user.token();

        keys.rotate();

        assertThat(http.send("GET", "/api/v1/users/me", before, null).status()).isEqualTo(200);
        assertThat(http.send("GET", "/.well-known/jwks.json", null, null).json().path("keys").size())
                .isGreaterThanOrEqualTo(2);
        var fresh = http.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"%s\",\"password\":\"correct horse\"}".formatted(user.username()));
        String kid = new String(Base64.getUrlDecoder().decode(fresh.json().path("accessToken").asString().split("\\.")[0]));
        assertThat(kid).contains(keys.current().getKeyID());
    }

    private static JWTClaimsSet claims(String userId) {
        return new JWTClaimsSet.Builder().subject(userId).issuer("kongjian").audience("kongjian-api")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .claim("roles", List.of("USER")).build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
