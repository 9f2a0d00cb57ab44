package dev.kongjian.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Who issues access tokens, for whom, and where their public keys are. */
@ConfigurationProperties("kongjian.security")
record TokenProperties(String issuer, String audience, String jwkSetUri) {
}
