package dev.kongjian.media;

import org.springframework.boot.test.context.SpringBootTest;

import dev.kongjian.testing.ServiceSmokeTests;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "eureka.client.enabled=false")
class MediaApplicationIntegrationTests extends ServiceSmokeTests {

    @Override
    protected String applicationName() {
        return "media-service";
    }
}
