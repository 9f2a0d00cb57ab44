package dev.kongjian.user.account;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.kit.validation.Characters;
import dev.kongjian.user.token.AccessTokens;
import io.micrometer.core.annotation.Timed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Register, sign in, refresh and sign out. */
@RestController
@RequestMapping("/api/v1/auth")
@Timed
class AuthController {

    private final Accounts accounts;
    private final RefreshTokens refreshTokens;
    private final AccessTokens accessTokens;
    private final LoginThrottle throttle;

    AuthController(Accounts accounts, RefreshTokens refreshTokens, AccessTokens accessTokens, LoginThrottle throttle) {
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.throttle = throttle;
    }

    record RegisterRequest(
            // capitals are accepted and kept in lower case: names are unique whatever their case
            @NotNull @Pattern(regexp = "[A-Za-z0-9_]{3,32}", message = "must be 3 to 32 of a-z, 0-9 and _") String username,
            @NotNull @Characters(min = 8, max = 256) String password,
            @NotBlank @Characters(max = 64) String displayName) {
    }

    record LoginRequest(@NotNull @Size(max = 64) String username, @NotNull @Size(max = 256) String password) {
    }

    record RefreshRequest(@NotBlank String refreshToken) {
    }

    record PasswordChange(@NotNull @Size(max = 256) String currentPassword,
            @NotNull @Characters(min = 8, max = 256) String newPassword) {
    }

    record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn) {
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    MeView register(@Valid @RequestBody RegisterRequest request) {
        return MeView.of(accounts.register(request.username(), request.password(), request.displayName()));
    }

    @PostMapping("/login")
    TokenPair login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        String address = clientAddress(http);
        throttle.check(request.username(), address);
        Account account;
        try {
            account = accounts.authenticate(request.username(), request.password());
        } catch (AccountErrors.BadCredentials e) {
            throttle.failed(request.username(), address);
            throw e;
        }
        throttle.succeeded(request.username());
        return pair(account, refreshTokens.startFamily(account.id()));
    }

    /**
     * The client's address: the last {@code X-Forwarded-For} entry, the one our gateway added
     * (it drops whatever the client sent), else the peer.
     */
    static String clientAddress(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            return hops[hops.length - 1].strip();
        }
        return request.getRemoteAddr();
    }

    @PostMapping("/refresh")
    TokenPair refresh(@Valid @RequestBody RefreshRequest request) {
        RefreshTokens.Redeemed redeemed = refreshTokens.redeem(request.refreshToken());
        Account account = accounts.byId(redeemed.userId()).orElseThrow(AccountErrors.InvalidRefreshToken::new);
        return pair(account, refreshTokens.continueFamily(redeemed));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@AuthenticationPrincipal Jwt jwt) {
        String family = jwt.getClaimAsString(AccessTokens.SESSION_CLAIM);
        if (family != null) {
            refreshTokens.revokeFamily(family);
        }
    }

    /**
     * Changes the caller's password and ends every login of theirs, this one too, answering a new
     * token pair for this one. Once the current password is confirmed, the logins end before the
     * password changes and again after, so that a crash leaves none working on the old password and
     * a sign-in in between does not survive. Wrong current passwords count as failed sign-ins.
     */
    @PostMapping("/password")
    TokenPair changePassword(@Valid @RequestBody PasswordChange request, @AuthenticationPrincipal Jwt jwt,
            HttpServletRequest http) {
        String userId = jwt.getSubject();
        String address = clientAddress(http);
        throttle.check(userId, address);
        Account account;
        try {
            account = accounts.verify(userId, request.currentPassword());
        } catch (AccountErrors.WrongPassword e) {
            throttle.failed(userId, address);
            throw e;
        }
        throttle.succeeded(userId);
        refreshTokens.revokeAll(userId);
        accounts.setPassword(userId, request.newPassword());
        refreshTokens.revokeAll(userId);
        return pair(account, refreshTokens.startFamily(userId));
    }

    private TokenPair pair(Account account, RefreshTokens.Issued refresh) {
        String access = accessTokens.issue(account.id(), accounts.rolesOf(account), refresh.familyId());
        return new TokenPair(access, refresh.token(), "Bearer", accessTokens.lifetimeSeconds());
    }
}
