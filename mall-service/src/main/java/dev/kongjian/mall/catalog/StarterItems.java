package dev.kongjian.mall.catalog;

import java.util.List;

import dev.kongjian.events.MallEvent.Category;

/** The catalog a new mall opens with, so that the app has something to show before an administrator adds more. */
final class StarterItems {

    static final List<Catalog.ItemSpec> ALL = List.of(
            new Catalog.ItemSpec("Jade avatar frame", Category.AVATAR_FRAME, 120, 600L, null, 30),
            new Catalog.ItemSpec("Golden dragon avatar frame", Category.AVATAR_FRAME, 680, null, null, null),
            new Catalog.ItemSpec("Cherry blossom space theme", Category.SPACE_THEME, 200, 1000L, null, 30),
            new Catalog.ItemSpec("Starry night space theme", Category.SPACE_THEME, 450, null, null, null),
            new Catalog.ItemSpec("Panda sticker pack", Category.STICKER_PACK, 60, 300L, null, null),
            new Catalog.ItemSpec("VIP, one month", Category.VIP_MEMBERSHIP, 300, null, null, 30),
            new Catalog.ItemSpec("Red rose", Category.GIFT, 10, 50L, null, null),
            new Catalog.ItemSpec("Lantern festival lantern (limited)", Category.GIFT, 99, null, 500L, null));

    private StarterItems() {
    }
}
