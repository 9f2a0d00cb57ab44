package dev.kongjian.kit;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.kongjian.kit.security.ResourceServerConfiguration;
import dev.kongjian.kit.security.SecurityProperties;

/** Signs test access tokens the way user-service does, and checks them with the kit's rules. */
@TestConfiguration(proxyBeanMethods = false)
public class TestTokens {

    static final RSAKey KEY = generate();
    static final RSAKey OTHER_KEY = generate();

    @Bean
    JwtDecoder testJwtDecoder(SecurityProperties properties) throws JOSEException {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(KEY.toRSAPublicKey()).build();
        decoder.setJwtValidator(ResourceServerConfiguration.validator(properties));
        return decoder;
    }

    public static String token(String userId, String... roles) {
        return sign(KEY, userId, "kongjian", "kongjian-api", Instant.now().plusSeconds(900), roles);
    }

    static String sign(RSAKey key, String userId, String issuer, String audience, Instant expiresAt, String... roles) {
        try {
            var claims = new JWTClaimsSet.Builder().subject(userId).issuer(issuer).audience(audience)
                    .issueTime(new Date()).expirationTime(Date.from(expiresAt)).claim("roles", List.of(roles)).build();
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
