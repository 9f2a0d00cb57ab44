package dev.kongjian.feed;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** feed-service: posts, the home feed with fan-out, spaces, likes, comments and trending. */
@SpringBootApplication
@EnableConfigurationProperties(FeedProperties.class)
public class FeedApplication {

    public static void main(String[] args) {
        SpringApplication.run(FeedApplication.class, args);
    }
}
