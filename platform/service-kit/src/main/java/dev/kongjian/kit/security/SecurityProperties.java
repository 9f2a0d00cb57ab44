package dev.kongjian.kit.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service checks access tokens: who issues them, for whom, where the public keys are,
 * and which paths need no token.
 */
@ConfigurationProperties("kongjian.security")
public record SecurityProperties(
        @DefaultValue("kongjian") String issuer,
        @DefaultValue("kongjian-api") String audience,
        @DefaultValue("http://user-service/.well-known/jwks.json") String jwkSetUri,
        @DefaultValue List<String> publicPaths) {
}
