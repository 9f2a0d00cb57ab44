package dev.kongjian.user.account;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import dev.kongjian.events.UserEvent.SpaceVisibility;

/** A user's account and profile as stored; never bound from a request, never sent as is. */
@Document("accounts")
record Account(@Id String id, String username, String usernameLower, String displayName, String displayNameLower,
        String passwordHash,
        List<String> roles, String bio, String avatarMediaId, SpaceVisibility spaceVisibility, Instant createdAt) {
}
