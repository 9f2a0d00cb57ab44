package dev.kongjian.kit.security;

import java.util.Set;

/** The caller, as the access token says: the user id ({@code sub}) and roles. */
public record CurrentUser(String id, Set<String> roles) {

    public CurrentUser {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains("ADMIN");
    }
}
