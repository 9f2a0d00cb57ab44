package dev.kongjian.feed.trending;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.feed.post.PostView;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.security.CurrentUser;
import io.micrometer.core.annotation.Timed;

/** Trending public posts. */
@RestController
@Timed
class TrendingController {

    private final Trending trending;

    TrendingController(Trending trending) {
        this.trending = trending;
    }

    @GetMapping("/api/v1/feed/trending")
    Page<PostView> trending(PageRequest page, CurrentUser user) {
        return trending.page(user.id(), page);
    }
}
