package dev.kongjian.user.token;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.kongjian.kit.security.ResourceServerConfiguration;
import dev.kongjian.kit.security.SecurityProperties;
import dev.kongjian.kit.security.VerifiedTokens;

/** user-service checks tokens against its own keys instead of fetching its own JWKS over HTTP. */
@Configuration(proxyBeanMethods = false)
class LocalTokenVerification {

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, SecurityProperties properties) {
        JWKSource<SecurityContext> source = (selector, context) -> {
            var found = selector.select(keys.publicKeys());
            return found.isEmpty() ? selector.select(keys.publicKeysFresh()) : found;
        };
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(ResourceServerConfiguration.validator(properties));
        return new VerifiedTokens(decoder, java.time.Clock.systemUTC(), VerifiedTokens.DEFAULT_MAXIMUM_BYTES);
    }

}
