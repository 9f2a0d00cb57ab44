package dev.kongjian.feed.post;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.events.FeedEvent.Visibility;
import dev.kongjian.kit.idempotency.IdempotencyFilter;
import dev.kongjian.kit.security.CurrentUser;
import dev.kongjian.kit.validation.Characters;
import io.micrometer.core.annotation.Timed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Writing, reading, editing and deleting posts. */
@RestController
@Timed
class PostController {

    private final Posts posts;
    private final PostViews views;

    PostController(Posts posts, PostViews views) {
        this.posts = posts;
        this.views = views;
    }

    record NewPost(@Characters(max = Posts.MAX_TEXT) String text,
            @Size(max = Posts.MAX_MEDIA) List<@NotBlank @Size(max = 64) String> mediaIds,
            @NotNull Visibility visibility, @Size(max = 64) String sharedPostId) {
    }

    record PostChanges(@Characters(max = Posts.MAX_TEXT) String text, Visibility visibility) {
    }

    @PostMapping("/api/v1/posts")
    @ResponseStatus(HttpStatus.CREATED)
    PostView create(@Valid @RequestBody NewPost request, CurrentUser user,
            @RequestHeader(name = IdempotencyFilter.HEADER, required = false) String idempotencyKey) {
        Post post = posts.create(user.id(), request.text(), request.mediaIds(), request.visibility(),
                request.sharedPostId(), idempotencyKey);
        return views.of(user.id(), post);
    }

    @GetMapping("/api/v1/posts/{id}")
    PostView read(@PathVariable String id, CurrentUser user) {
        return views.of(user.id(), posts.readable(user.id(), id));
    }

    @PatchMapping("/api/v1/posts/{id}")
    PostView edit(@PathVariable String id, @Valid @RequestBody PostChanges changes, CurrentUser user) {
        return views.of(user.id(), posts.edit(user.id(), id, changes.text(), changes.visibility()));
    }

    @DeleteMapping("/api/v1/posts/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id, CurrentUser user) {
        posts.delete(user.id(), id);
    }
}
