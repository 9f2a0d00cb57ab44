package dev.kongjian.media.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.kit.idempotency.IdempotencyFilter;
import dev.kongjian.kit.idempotency.IdempotentIds;
import dev.kongjian.kit.problem.DomainException;
import dev.kongjian.kit.problem.InvalidRequest;
import dev.kongjian.kit.security.CurrentUser;
import io.micrometer.core.annotation.Timed;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Uploads (multipart, read as a stream: see {@link MediaLibrary}), metadata, bytes with ranges
 * and validators, thumbnails, and deletion by the owner.
 */
@RestController
@Timed
class MediaController {

    /** Multipart framing and the small fields beside the file. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;
    private static final int MAX_FIELD = 256;
    /** A media id names fixed bytes: they may be kept as long as a cache likes. */
    private static final CacheControl FOREVER = CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable();

    private final MediaLibrary library;
    private final Thumbnails thumbnails;
    private final AlbumPlacement albums;

    MediaController(MediaLibrary library, Thumbnails thumbnails, AlbumPlacement albums) {
        this.library = library;
        this.thumbnails = thumbnails;
        this.albums = albums;
    }

    @PostMapping("/api/v1/media")
    @ResponseStatus(HttpStatus.CREATED)
    // read as a stream (commons-fileupload), so the form is described here rather than in the signature
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schemaProperties = {
                @SchemaProperty(name = "file", schema = @Schema(type = "string", format = "binary")),
                @SchemaProperty(name = "albumId", schema = @Schema(type = "string")) }))
    MediaLibrary.Media upload(HttpServletRequest request, CurrentUser user) throws IOException {
        if (!JakartaServletFileUpload.isMultipartContent(request)) {
            throw new NotMultipart();
        }
        // with an Idempotency-Key the media's id comes from the key: a retry answers the first upload
        String key = request.getHeader(IdempotencyFilter.HEADER);
        if (key != null && !IdempotencyFilter.isValidKey(key)) {
            throw new InvalidRequest(IdempotencyFilter.HEADER, "must be 1 to 64 visible ASCII characters");
        }
        String id = IdempotentIds.newId(key, "media", user.id());
        if (key != null) {
            Optional<MediaLibrary.Media> earlier = library.earlierUpload(user.id(), id);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        long largest = library.largestUpload(user.id());
        var upload = new JakartaServletFileUpload<DiskFileItem, DiskFileItemFactory>();
        upload.setSizeMax(largest + MULTIPART_OVERHEAD);
        String albumId = null;
        MediaLibrary.Media stored = null;
        try {
            FileItemInputIterator parts = upload.getItemIterator(request);
            while (parts.hasNext()) {
                FileItemInput part = parts.next();
                if (part.isFormField() && "albumId".equals(part.getFieldName())) {
                    albumId = field(part);
                    if (stored == null) {
                        albums.requireOwnAlbum(user.id(), albumId);
                    }
                } else if (!part.isFormField() && "file".equals(part.getFieldName()) && stored == null) {
                    try (InputStream in = part.getInputStream()) {
                        stored = library.store(user.id(), id, in);
                    }
                } else {
                    part.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        } catch (FileUploadException e) {
            if (stored != null) {
                library.discard(stored.id());
            }
            if (e instanceof FileUploadSizeException) {
                // the whole request is larger than the largest upload this user may make
                throw new MediaLibrary.TooLarge(MediaKinds.Kind.VIDEO, largest);
            }
            throw new InvalidRequest("file", "the multipart body could not be read");
        }
        if (stored == null) {
            throw new InvalidRequest("file", "a file part is required");
        }
        if (albumId != null) {
            try {
                albums.place(user.id(), albumId, stored.id());
            } catch (DomainException e) {
                library.discard(stored.id());
                throw e;
            }
        }
        return stored;
    }

    @GetMapping("/api/v1/media/{id}")
    MediaLibrary.Media metadata(@PathVariable String id, CurrentUser user) {
        return library.get(user.id(), id).media();
    }

    /** The bytes: Spring answers {@code Range} with 206 (416 when unsatisfiable) and a matching {@code If-None-Match} with 304. */
    @GetMapping("/api/v1/media/{id}/content")
    ResponseEntity<Resource> content(@PathVariable String id, @RequestHeader(name = HttpHeaders.RANGE,
            required = false) String range, CurrentUser user) {
        MediaLibrary.Stored stored = library.get(user.id(), id);
        if (!"READY".equals(stored.media().status())) {
            throw new dev.kongjian.kit.problem.NotFound("That media's content");
        }
        StoredBytes bytes = new StoredBytes(library, id, stored.media().size());
        if (range != null) {
            try {
                HttpRange.toResourceRegions(HttpRange.parseRanges(range), bytes);
            } catch (IllegalArgumentException e) {
                // Spring would answer 416 with the whole file as its body
                throw new RangeNotSatisfiable(stored.media().size());
            }
        }
        return ResponseEntity.ok().eTag(stored.etag()).cacheControl(FOREVER)
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .contentType(MediaType.parseMediaType(stored.media().contentType()))
                .body(bytes);
    }

    @GetMapping("/api/v1/media/{id}/thumbnail")
    ResponseEntity<byte[]> thumbnail(@PathVariable String id, @RequestParam(defaultValue = "small") String size,
            CurrentUser user) {
        Thumbnails.Size wanted = switch (size) {
            case "small" -> Thumbnails.Size.SMALL;
            case "medium" -> Thumbnails.Size.MEDIUM;
            default -> throw new InvalidRequest("size", "must be small or medium");
        };
        MediaLibrary.Stored stored = library.get(user.id(), id);
        String etag = "\"" + stored.etag().replace("\"", "") + "-" + size + "\"";
        return ResponseEntity.ok().eTag(etag).cacheControl(FOREVER).contentType(MediaType.IMAGE_JPEG)
                .body(thumbnails.of(id, stored.media().kind(), wanted, () -> library.open(id)));
    }

    @DeleteMapping("/api/v1/media/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id, CurrentUser user) {
        library.delete(user.id(), id);
    }

    private static String field(FileItemInput part) throws IOException {
        try (InputStream in = part.getInputStream()) {
            byte[] value = in.readNBytes(MAX_FIELD + 1);
            if (value.length > MAX_FIELD) {
                throw new InvalidRequest(part.getFieldName(), "is too long");
            }
            return new String(value, StandardCharsets.UTF_8).strip();
        }
    }

    /** A GridFS file as a resource Spring can serve whole or in ranges: each read opens a new stream. */
    private static final class StoredBytes extends AbstractResource {
        private final MediaLibrary library;
        private final String id;
        private final long size;

        StoredBytes(MediaLibrary library, String id, long size) {
            this.library = library;
            this.id = id;
            this.size = size;
        }

        @Override
        public InputStream getInputStream() {
            return library.open(id);
        }

        @Override
        public long contentLength() {
            return size;
        }

        @Override
        public String getDescription() {
            return "media " + id;
        }
    }

    static final class RangeNotSatisfiable extends DomainException {
        private static final long serialVersionUID = 1L;

        private final long size;

        RangeNotSatisfiable(long size) {
            super(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range-not-satisfiable",
                    "The range asked for is outside the content's " + size + " bytes");
            this.size = size;
        }

        @Override
        public java.util.Map<String, String> headers() {
            return java.util.Map.of(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
        }
    }

    static final class NotMultipart extends DomainException {
        private static final long serialVersionUID = 1L;

        NotMultipart() {
            super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-multipart",
                    "Upload a multipart/form-data body with the file in a part named \"file\"");
        }
    }
}
