package dev.kongjian.user.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.kongjian.kit.security.SecurityProperties;
import dev.kongjian.user.UsersProperties;

/** Signs short-lived access tokens: RS256 with {@code kid}, issuer, audience, user id and roles. */
@Component
public class AccessTokens {

    /** The claim that names the login (refresh-token family) a token belongs to. */
    public static final String SESSION_CLAIM = "sid";

    private final SigningKeys keys;
    private final SecurityProperties security;
    private final UsersProperties users;
    private final Clock clock;

    public AccessTokens(SigningKeys keys, SecurityProperties security, UsersProperties users, Clock clock) {
        this.keys = keys;
        this.security = security;
        this.users = users;
        this.clock = clock;
    }

    public String issue(String userId, List<String> roles, String sessionId) {
        RSAKey key = keys.current();
        Instant now = clock.instant();
        var claims = new JWTClaimsSet.Builder()
                .issuer(security.issuer())
                .audience(security.audience())
                .subject(userId)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(users.accessTokenLifetime())))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", roles)
                .claim(SESSION_CLAIM, sessionId)
                .build();
        var header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign an access token", e);
        }
    }

    public long lifetimeSeconds() {
        return users.accessTokenLifetime().toSeconds();
    }
}
