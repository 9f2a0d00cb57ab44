package dev.kongjian.user;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** What an operator tunes in user-service: admins, token lifetimes, key rotation. */
@ConfigurationProperties("kongjian.users")
public record UsersProperties(
        @DefaultValue Set<String> adminUsernames,
        @DefaultValue("15m") Duration accessTokenLifetime,
        @DefaultValue("30d") Duration refreshTokenLifetime,
        @DefaultValue("30d") Duration signingKeyRotation) {
}
