package dev.kongjian.user.graph;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.InvalidRequest;
import dev.kongjian.kit.security.CurrentUser;
import dev.kongjian.kit.validation.Characters;
import io.micrometer.core.annotation.Timed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Friend requests, friends and blocks. */
@RestController
@Timed
class GraphController {

    private final SocialGraph graph;

    GraphController(SocialGraph graph) {
        this.graph = graph;
    }

    record NewFriendRequest(@NotBlank @Size(max = 64) String toUserId, @Characters(max = 200) String message) {
    }

    @PostMapping("/api/v1/friends/requests")
    @ResponseStatus(HttpStatus.CREATED)
    SocialGraph.FriendRequest request(@Valid @RequestBody NewFriendRequest request, CurrentUser user) {
        return graph.request(user.id(), request.toUserId(), request.message());
    }

    @GetMapping("/api/v1/friends/requests")
    Page<SocialGraph.FriendRequest> requests(@RequestParam(defaultValue = "incoming") String direction,
            PageRequest page, CurrentUser user) {
        boolean incoming = switch (direction) {
            case "incoming" -> true;
            case "outgoing" -> false;
            default -> throw new InvalidRequest("direction", "must be incoming or outgoing");
        };
        return graph.pending(user.id(), incoming, page);
    }

    @PostMapping("/api/v1/friends/requests/{id}/accept")
    SocialGraph.FriendRequest accept(@PathVariable String id, CurrentUser user) {
        return graph.accept(id, user.id());
    }

    @PostMapping("/api/v1/friends/requests/{id}/decline")
    SocialGraph.FriendRequest decline(@PathVariable String id, CurrentUser user) {
        return graph.decline(id, user.id());
    }

    @GetMapping("/api/v1/friends")
    Page<SocialGraph.Friend> friends(PageRequest page, CurrentUser user) {
        return graph.friends(user.id(), page);
    }

    @DeleteMapping("/api/v1/friends/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unfriend(@PathVariable String userId, CurrentUser user) {
        graph.unfriend(user.id(), userId);
    }

    @GetMapping("/api/v1/blocks")
    Page<SocialGraph.Blocked> blocked(PageRequest page, CurrentUser user) {
        return graph.blocked(user.id(), page);
    }

    @PostMapping("/api/v1/blocks/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void block(@PathVariable String userId, CurrentUser user) {
        graph.block(user.id(), userId);
    }

    @DeleteMapping("/api/v1/blocks/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unblock(@PathVariable String userId, CurrentUser user) {
        graph.unblock(user.id(), userId);
    }
}
