package dev.kongjian.feed.space;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.feed.post.PostView;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.security.CurrentUser;
import io.micrometer.core.annotation.Timed;

/** A user's space ({@code me} for one's own). */
@RestController
@Timed
class SpaceController {

    private final Spaces spaces;

    SpaceController(Spaces spaces) {
        this.spaces = spaces;
    }

    @GetMapping("/api/v1/users/{id}/posts")
    Page<PostView> space(@PathVariable String id, PageRequest page, CurrentUser user) {
        return spaces.open(user.id(), "me".equals(id) ? user.id() : id, page);
    }
}
