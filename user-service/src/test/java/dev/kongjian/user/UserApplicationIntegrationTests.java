package dev.kongjian.user;

import org.springframework.boot.test.context.SpringBootTest;

import dev.kongjian.testing.ServiceSmokeTests;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "eureka.client.enabled=false")
class UserApplicationIntegrationTests extends ServiceSmokeTests {

    @Override
    protected String applicationName() {
        return "user-service";
    }
}
