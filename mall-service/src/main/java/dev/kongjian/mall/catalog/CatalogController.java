package dev.kongjian.mall.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.events.MallEvent.Category;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.validation.Characters;
import io.micrometer.core.annotation.Timed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** The catalog for everyone signed in, and its administration for users with the ADMIN role. */
@RestController
@Timed
class CatalogController {

    private static final long MAX_PRICE = 100_000_000L;

    private final Catalog catalog;

    CatalogController(Catalog catalog) {
        this.catalog = catalog;
    }

    record ItemRequest(@NotBlank @Characters(max = 100) String name, @NotNull Category category,
            @NotNull @PositiveOrZero @Max(MAX_PRICE) Long priceCoins, @Positive @Max(MAX_PRICE) Long pricePoints,
            @PositiveOrZero @Max(MAX_PRICE) Long stock, @Positive @Max(3650) Integer durationDays) {

        Catalog.ItemSpec spec() {
            return new Catalog.ItemSpec(name.strip(), category, priceCoins, pricePoints, stock, durationDays);
        }
    }

    /** The same, naming the item to change, for a PUT on the collection. */
    record IdentifiedItemRequest(@NotBlank @Size(max = 64) String id, @NotBlank @Characters(max = 100) String name,
            @NotNull Category category, @NotNull @PositiveOrZero @Max(MAX_PRICE) Long priceCoins,
            @Positive @Max(MAX_PRICE) Long pricePoints, @PositiveOrZero @Max(MAX_PRICE) Long stock,
            @Positive @Max(3650) Integer durationDays) {
    }

    @GetMapping("/api/v1/mall/items")
    Page<Catalog.Item> list(@RequestParam(required = false) Category category, PageRequest page) {
        return catalog.list(category, page);
    }

    @GetMapping("/api/v1/mall/items/{id}")
    Catalog.Item one(@PathVariable String id) {
        return catalog.get(id);
    }

    @PostMapping("/api/v1/admin/mall/items")
    @ResponseStatus(HttpStatus.CREATED)
    Catalog.Item create(@Valid @RequestBody ItemRequest request) {
        return catalog.create(request.spec());
    }

    @PutMapping("/api/v1/admin/mall/items/{id}")
    Catalog.Item update(@PathVariable String id, @Valid @RequestBody ItemRequest request) {
        return catalog.update(id, request.spec());
    }

    @PutMapping("/api/v1/admin/mall/items")
    Catalog.Item updateNamed(@Valid @RequestBody IdentifiedItemRequest request) {
        return catalog.update(request.id(), new ItemRequest(request.name(), request.category(), request.priceCoins(),
                request.pricePoints(), request.stock(), request.durationDays()).spec());
    }
}
