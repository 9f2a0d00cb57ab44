package dev.kongjian.messaging;

import org.springframework.boot.test.context.SpringBootTest;

import dev.kongjian.testing.ServiceSmokeTests;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "eureka.client.enabled=false")
class MessagingApplicationIntegrationTests extends ServiceSmokeTests {

    @Override
    protected String applicationName() {
        return "messaging-service";
    }
}
