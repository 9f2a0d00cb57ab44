package dev.kongjian.feed.like;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.feed.post.PostView;
import dev.kongjian.feed.post.PostViews;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.security.CurrentUser;
import io.micrometer.core.annotation.Timed;

/** Liking and unliking, which answer the post as it now stands for the caller, and who likes a post. */
@RestController
@Timed
class LikeController {

    private final Likes likes;
    private final PostViews views;

    LikeController(Likes likes, PostViews views) {
        this.likes = likes;
        this.views = views;
    }

    @GetMapping("/api/v1/posts/{id}/likes")
    Page<Likes.Liker> likers(@PathVariable String id, PageRequest page, CurrentUser user) {
        return likes.likers(user.id(), id, page);
    }

    @PutMapping("/api/v1/posts/{id}/like")
    PostView like(@PathVariable String id, CurrentUser user) {
        return views.of(user.id(), likes.like(user.id(), id));
    }

    @DeleteMapping("/api/v1/posts/{id}/like")
    PostView unlike(@PathVariable String id, CurrentUser user) {
        return views.of(user.id(), likes.unlike(user.id(), id));
    }
}
