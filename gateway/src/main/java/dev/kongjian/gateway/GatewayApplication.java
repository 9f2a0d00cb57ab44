package dev.kongjian.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The gateway: every call of the mobile app comes through here. */
@SpringBootApplication
@EnableConfigurationProperties({ GatewayProperties.class, TokenProperties.class })
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
