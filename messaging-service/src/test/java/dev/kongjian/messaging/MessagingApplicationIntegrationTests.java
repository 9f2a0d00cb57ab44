package dev.kongjian.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.kongjian.testing.ServiceSmokeTests;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "eureka.client.enabled=false")
class MessagingApplicationIntegrationTests extends ServiceSmokeTests {

    @Override
    protected String applicationName() {
        return "messaging-service";
    }

    @Test
    void theOpenApiDocumentTellsOfTheWebSocketItCannotDescribe() throws Exception {
        assertThat(get("/v3/api-docs", null).body()).contains("GET /ws opens a WebSocket");
    }
}
