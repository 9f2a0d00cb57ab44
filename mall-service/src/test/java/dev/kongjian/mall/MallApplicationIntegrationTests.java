package dev.kongjian.mall;

import org.springframework.boot.test.context.SpringBootTest;

import dev.kongjian.testing.ServiceSmokeTests;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "eureka.client.enabled=false")
class MallApplicationIntegrationTests extends ServiceSmokeTests {

    @Override
    protected String applicationName() {
        return "mall-service";
    }
}
