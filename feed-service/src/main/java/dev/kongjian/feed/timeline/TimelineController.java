package dev.kongjian.feed.timeline;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.feed.post.PostView;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.security.CurrentUser;
import io.micrometer.core.annotation.Timed;

/** The home feed. */
@RestController
@Timed
class TimelineController {

    private final HomeFeed feed;

    TimelineController(HomeFeed feed) {
        this.feed = feed;
    }

    @GetMapping("/api/v1/feed/home")
    Page<PostView> home(PageRequest page, CurrentUser user) {
        return feed.page(user.id(), page);
    }
}
