package dev.kongjian.media.album;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.security.CurrentUser;
import dev.kongjian.kit.validation.Characters;
import io.micrometer.core.annotation.Timed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Photo albums and what is in them. */
@RestController
@Timed
class AlbumController {

    private final Albums albums;

    AlbumController(Albums albums) {
        this.albums = albums;
    }

    record NewAlbum(@NotBlank @Characters(max = 100) String title, @NotNull Albums.Visibility visibility) {
    }

    record NewItem(@NotBlank @Size(max = 64) String mediaId) {
    }

    /** Only these fields may change; a field left out stays as it is. */
    record AlbumChanges(@Characters(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
            String title, Albums.Visibility visibility) {
    }

    @PostMapping("/api/v1/albums")
    @ResponseStatus(HttpStatus.CREATED)
    Albums.Album create(@Valid @RequestBody NewAlbum request, CurrentUser user) {
        return albums.create(user.id(), request.title().strip(), request.visibility());
    }

    @GetMapping("/api/v1/albums/{id}")
    Albums.Album one(@PathVariable String id, CurrentUser user) {
        return albums.get(user.id(), id);
    }

    @PatchMapping("/api/v1/albums/{id}")
    Albums.Album change(@PathVariable String id, @Valid @RequestBody AlbumChanges request, CurrentUser user) {
        return albums.change(user.id(), id, request.title() == null ? null : request.title().strip(),
                request.visibility());
    }

    @DeleteMapping("/api/v1/albums/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id, CurrentUser user) {
        albums.delete(user.id(), id);
    }

    @GetMapping("/api/v1/users/{userId}/albums")
    Page<Albums.Album> ofUser(@PathVariable String userId, PageRequest page, CurrentUser user) {
        return albums.of(user.id(), userId, page);
    }

    @GetMapping("/api/v1/albums/{id}/items")
    Page<Albums.Item> items(@PathVariable String id, PageRequest page, CurrentUser user) {
        return albums.items(user.id(), id, page);
    }

    /** 201 with the new item; 200 where the media was in the album already. */
    @PostMapping("/api/v1/albums/{id}/items")
    ResponseEntity<Albums.Item> add(@PathVariable String id, @Valid @RequestBody NewItem request, CurrentUser user) {
        Albums.Added added = albums.add(user.id(), id, request.mediaId());
        return ResponseEntity.status(added.created() ? HttpStatus.CREATED : HttpStatus.OK).body(added.item());
    }

    @DeleteMapping("/api/v1/albums/{id}/items/{mediaId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable String id, @PathVariable String mediaId, CurrentUser user) {
        albums.remove(user.id(), id, mediaId);
    }
}
