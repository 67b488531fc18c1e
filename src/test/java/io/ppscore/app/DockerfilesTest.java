package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The images' Dockerfiles: what they copy exists after {@code mvn package}, they run as non-root, and their settings are real keys. */
class DockerfilesTest {

  private static final Path CPU = Path.of("deploy", "docker", "Dockerfile");
  private static final Path GPU = Path.of("deploy", "docker", "Dockerfile.gpu");

  @Test
  void shouldBuildTheCpuImageOnTemurin17JreAsNonRootWithAHealthCheck() {
    String dockerfile = DeployFiles.read(CPU);
    assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre$");
    checkCommon(dockerfile);
  }

  @Test
  void shouldBuildTheGpuImageOnCuda12WithCudnnAndForceCuda() {
    String dockerfile = DeployFiles.read(GPU);
    assertThat(dockerfile).containsPattern("(?m)^FROM nvidia/cuda:12\\.[0-9.]+-cudnn-runtime-ubuntu22\\.04$")
        .contains("openjdk-17-jre-headless").contains("PPSCORE_INFERENCE_DEVICE=cuda");
    checkCommon(dockerfile);
  }

  private static void checkCommon(String dockerfile) {
    assertThat(dockerfile).containsPattern("(?m)^USER ppscore$").containsPattern("(?m)^EXPOSE 8080$")
        .contains("HEALTHCHECK").contains("/health/live").contains("CMD [\"run\"]");
    // the health check asks the management port (http.management.port), which slow API clients cannot starve
    assertThat(dockerfile).containsPattern("(?m)^EXPOSE 8085$").contains("PPSCORE_HTTP_MANAGEMENT_PORT=8085")
        .contains("curl -fsS http://localhost:8085/health/live");
    // exec java, so the JVM is PID 1 and gets SIGTERM for the graceful shutdown
    assertThat(dockerfile).contains("exec java");
    Matcher copy = Pattern.compile("(?m)^COPY (\\S+) \\S+$").matcher(dockerfile);
    int copies = 0;
    while (copy.find()) {
      copies++;
      String source = copy.group(1);
      assertThat(List.of("target/ppscore.jar", "target/lib/", "models/")).as("COPY source").contains(source);
      if (source.startsWith("models")) {
        assertThat(Files.isRegularFile(Path.of(source, "manifest.json"))).as("the committed model is copied").isTrue();
      }
    }
    assertThat(copies).isEqualTo(3);
    Matcher env = Pattern.compile("(PPSCORE_[A-Z_]+)=").matcher(dockerfile);
    while (env.find()) {
      assertThat(DeployFiles.isConfigKey(DeployFiles.configKey(env.group(1)))).as(env.group(1)).isTrue();
    }
    assertThat(dockerfile).contains("PPSCORE_STATE_DIR=/var/lib/ppscore/state");
    assertThat(new AppConfig(java.util.Map.of()).httpPort()).isEqualTo(8080);
  }
}
