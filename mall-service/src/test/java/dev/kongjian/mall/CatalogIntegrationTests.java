package dev.kongjian.mall;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CatalogIntegrationTests extends MallServiceTestSupport {

    @Test
    void aNewMallOpensWithItsStarterItemsInEveryCategory() {
        User mei = newUser();
        List<String> categories = new ArrayList<>();
        http.send("GET", "/api/v1/mall/items?limit=100", mei.token(), null).json().path("items")
                .forEach(item -> categories.add(item.path("category").asString()));

        assertThat(categories).contains("AVATAR_FRAME", "SPACE_THEME", "STICKER_PACK", "VIP_MEMBERSHIP", "GIFT");
    }

    @Test
    void itemsOfACategoryComePageByPageWithoutRepeats() {
        User mei = newUser();
        for (int i = 0; i < 5; i++) {
            item("STICKER_PACK", 10 + i, null, null, null);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var page = http.send("GET", "/api/v1/mall/items?category=STICKER_PACK&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), mei.token(), null);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().path("items").forEach(item -> {
                assertThat(item.path("category").asString()).isEqualTo("STICKER_PACK");
                seen.add(item.path("id").asString());
            });
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asString();
        } while (cursor != null);

        assertThat(seen).hasSizeGreaterThanOrEqualTo(6).doesNotHaveDuplicates();
        assertProblem(http.send("GET", "/api/v1/mall/items?category=CARS", mei.token(), null), 400);
        assertProblem(http.send("GET", "/api/v1/mall/items?limit=101", mei.token(), null), 400);
    }

    @Test
    void anAdministratorAddsAndChangesItemsAndNobodyElseMay() {
        User mei = newUser();
        String id = item("GIFT", 30, 150L, 10L, null);

        var shown = http.send("GET", "/api/v1/mall/items/" + id, mei.token(), null).json();
        assertThat(shown.path("priceCoins").asLong()).isEqualTo(30);
        assertThat(shown.path("pricePoints").asLong()).isEqualTo(150);
        assertThat(shown.path("stock").asLong()).isEqualTo(10);

        String admin = admin().token();
        var changed = http.send("PUT", "/api/v1/admin/mall/items/" + id, admin,
                "{\"name\":\"Peony\",\"category\":\"GIFT\",\"priceCoins\":40,\"stock\":5}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("name").asString()).isEqualTo("Peony");
        assertThat(changed.json().path("pricePoints").isNull()).isTrue();
        var named = http.send("PUT", "/api/v1/admin/mall/items", admin,
                "{\"id\":\"%s\",\"name\":\"Peony\",\"category\":\"GIFT\",\"priceCoins\":45}".formatted(id));
        assertThat(named.json().path("priceCoins").asLong()).isEqualTo(45);

        assertProblem(http.send("POST", "/api/v1/admin/mall/items", mei.token(),
                "{\"name\":\"Free coins\",\"category\":\"GIFT\",\"priceCoins\":0}"), 403);
        assertProblem(http.send("PUT", "/api/v1/admin/mall/items/" + id, mei.token(),
                "{\"name\":\"Free\",\"category\":\"GIFT\",\"priceCoins\":0}"), 403);
        assertProblem(http.send("PUT", "/api/v1/admin/mall/items/nothing-here", admin,
                "{\"name\":\"x\",\"category\":\"GIFT\",\"priceCoins\":1}"), 404);
        assertProblem(http.send("GET", "/api/v1/mall/items/nothing-here", mei.token(), null), 404);
    }

    @Test
    void anItemMustMakeSense() {
        String admin = admin().token();

        var vipWithoutLength = http.send("POST", "/api/v1/admin/mall/items", admin,
                "{\"name\":\"VIP\",\"category\":\"VIP_MEMBERSHIP\",\"priceCoins\":100}");
        assertProblem(vipWithoutLength, 400);
        assertThat(vipWithoutLength.json().path("errors").get(0).path("field").asString()).isEqualTo("durationDays");
        assertProblem(http.send("POST", "/api/v1/admin/mall/items", admin,
                "{\"name\":\"x\",\"category\":\"GIFT\",\"priceCoins\":-1}"), 400);
        assertProblem(http.send("POST", "/api/v1/admin/mall/items", admin,
                "{\"name\":\"\",\"category\":\"GIFT\",\"priceCoins\":1}"), 400);
        assertProblem(http.send("POST", "/api/v1/admin/mall/items", admin,
                "{\"name\":\"x\",\"category\":\"CAR\",\"priceCoins\":1}"), 400);
        assertProblem(http.send("POST", "/api/v1/admin/mall/items", admin,
                "{\"name\":\"x\",\"category\":\"GIFT\",\"priceCoins\":1,\"stock\":-3}"), 400);
    }
}
