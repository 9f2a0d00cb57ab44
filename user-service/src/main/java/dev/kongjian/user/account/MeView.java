package dev.kongjian.user.account;

import java.time.Instant;

import dev.kongjian.events.UserEvent.SpaceVisibility;

/** The owner's own view of the account: everything but the password hash. */
record MeView(String id, String username, String displayName, String bio, String avatarMediaId,
        SpaceVisibility spaceVisibility, Instant createdAt) {

    static MeView of(Account account) {
        return new MeView(account.id(), account.username(), account.displayName(), account.bio(),
                account.avatarMediaId(), account.spaceVisibility(), account.createdAt());
    }
}
