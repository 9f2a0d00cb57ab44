package dev.kongjian.user.profile;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.events.UserEvent.SpaceVisibility;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.InvalidRequest;
import dev.kongjian.kit.security.CurrentUser;
import dev.kongjian.kit.validation.Characters;
import io.micrometer.core.annotation.Timed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Profiles: one's own, others', and finding people. */
@RestController
@Timed
class ProfileController {

    private final Profiles profiles;

    ProfileController(Profiles profiles) {
        this.profiles = profiles;
    }

    /** Only these fields may change; anything else in the body is ignored. */
    record PatchProfile(
            @Characters(min = 1, max = 64) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
            String displayName,
            @Characters(max = 500) String bio,
            @Size(max = 64) String avatarMediaId,
            SpaceVisibility spaceVisibility) {
    }

    @GetMapping("/api/v1/users/me")
    Profiles.OwnProfile me(CurrentUser user) {
        return profiles.own(user.id());
    }

    @PatchMapping("/api/v1/users/me")
    Profiles.OwnProfile change(@Valid @RequestBody PatchProfile patch, CurrentUser user) {
        return profiles.change(user.id(),
                new Profiles.Change(patch.displayName(), patch.bio(), patch.avatarMediaId(), patch.spaceVisibility()));
    }

    @GetMapping("/api/v1/users/{id}")
    Profiles.PublicProfile user(@PathVariable String id, CurrentUser user) {
        return profiles.view(user.id(), id);
    }

    @GetMapping("/api/v1/users")
    Page<Profiles.UserSummary> search(@RequestParam(required = false) String query, PageRequest page,
            CurrentUser user) {
        if (query == null || query.isBlank() || query.length() > 64) {
            throw new InvalidRequest("query", "must be 1 to 64 characters");
        }
        if (query.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequest("query", "must not contain control characters");
        }
        return profiles.search(user.id(), query, page);
    }
}
