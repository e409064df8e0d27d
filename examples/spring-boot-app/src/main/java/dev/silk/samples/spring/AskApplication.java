package dev.silk.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot backend whose {@code POST /ask} answers through Silk: sealed to an attested
 * node, paid in TON, verified. The client comes from Silk's starter and {@code silk.*}
 * properties.
 */
@SpringBootApplication
public class AskApplication {
  public static void main(String[] args) {
    SpringApplication.run(AskApplication.class, args);
  }
}
