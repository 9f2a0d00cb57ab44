package dev.kongjian.user.decoration;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.kit.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The caller's own decorations: what they own and which are shown. */
@RestController
class DecorationController {

    private final Decorations decorations;

    DecorationController(Decorations decorations) {
        this.decorations = decorations;
    }

    record OwnedItems(List<Decorations.OwnedItem> items, List<String> activeItemIds) {

        static OwnedItems of(List<Decorations.OwnedItem> items) {
            return new OwnedItems(items, items.stream().filter(Decorations.OwnedItem::active)
                    .map(Decorations.OwnedItem::itemId).toList());
        }
    }

    record ActiveItems(@NotNull @Size(max = 20) List<@NotNull @Size(max = 64) String> itemIds) {
    }

    @GetMapping("/api/v1/users/me/decorations")
    OwnedItems mine(CurrentUser user) {
        return OwnedItems.of(decorations.owned(user.id()));
    }

    @PutMapping("/api/v1/users/me/decorations/active")
    OwnedItems choose(@Valid @RequestBody ActiveItems request, CurrentUser user) {
        return OwnedItems.of(decorations.choose(user.id(), request.itemIds()));
    }
}
