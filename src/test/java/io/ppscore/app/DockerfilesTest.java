package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ppscore.config.AppConfig;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The images' Dockerfiles: what they copy exists after {@code mvn package}, they run as non-root, and their settings are real keys. */
class DockerfilesTest {

  private static final Path CPU = Path.of("deploy", "docker", "Dockerfile");
  private static final Path GPU = Path.of("deploy", "docker", "Dockerfile.gpu");

  @Test
  void shouldBuildTheCpuImageOnTemurin17JreAsNonRootWithAHealthCheck() {
    String dockerfile = DeployFiles.read(CPU);
    assertThat(dockerfile).containsPattern("(?m)^FROM --platform=linux/amd64 eclipse-temurin:17-jre$");
    checkCommon(dockerfile);
  }

  @Test
  void shouldBuildTheGpuImageOnCuda12WithCudnnAndForceCuda() {
    String dockerfile = DeployFiles.read(GPU);
    assertThat(dockerfile).containsPattern("(?m)^FROM --platform=linux/amd64 nvidia/cuda:12\\.[0-9.]+-cudnn-runtime-ubuntu22\\.04$")
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
    // glibc arenas bounded; a socket read's temporary direct buffer not kept per thread above 256 KiB
    assertThat(dockerfile).containsPattern("(?m)^\\s+MALLOC_ARENA_MAX=2 \\\\$").contains("-Djdk.nio.maxCachedBufferSize=262144");
  }

  @Test
  void shouldPinBothImagesToLinuxAmd64BecauseOnnxRuntimeShipsNoArm64LinuxLibrary() throws IOException {
    // Given the ONNX Runtime jar the images copy into /app/lib (the one on this test's class path: target/lib/
    // is filled only at package, after the tests)
    Path jar;
    try {
      jar = Path.of(ai.onnxruntime.OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    assertThat(jar.getFileName().toString()).startsWith("onnxruntime");
    List<String> natives;
    try (var zip = new ZipFile(jar.toFile())) {
      natives = zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("ai/onnxruntime/native/") && n.endsWith(".so")).toList();
    }

    // Then it has Linux libraries for x64 only, and every FROM of both images pins that platform
    assertThat(natives).isNotEmpty().allMatch(n -> n.startsWith("ai/onnxruntime/native/linux-x64/"));
    for (Path file : List.of(CPU, GPU)) {
      Matcher from = Pattern.compile("(?m)^FROM .*$").matcher(DeployFiles.read(file));
      while (from.find()) {
        assertThat(from.group()).as(file.toString()).startsWith("FROM --platform=linux/amd64 ");
      }
    }
  }

  @Test
  void shouldTagTheImagesWithTheProjectVersionInTheirBuildAndRunExamples() {
    String version = DeployFiles.projectVersion();
    assertThat(DeployFiles.read(CPU)).contains("-t ppscore:" + version + " .").contains("ppscore:" + version + " run");
    assertThat(DeployFiles.read(GPU)).contains("-t ppscore:" + version + "-gpu .").contains("ppscore:" + version + "-gpu run");
  }

  @Test
  void shouldGiveTheExampleDockerRunEverySettingRunNeedsInAContainer() {
    for (Path file : List.of(CPU, GPU)) {
      // Given the commented docker run example, continuation lines joined
      String text = DeployFiles.read(file).replaceAll("\\\\\n#\\s*", " ");
      Matcher run = Pattern.compile("(?m)^#\\s+docker run (.*)$").matcher(text);
      assertThat(run.find()).as("%s has a docker run example", file).isTrue();

      // Then it sets Kafka and the registry (localhost, the defaults, is the container itself) and the token
      // run refuses to start without, each a real key, and ends with the image and the run command
      Matcher env = Pattern.compile("-e (PPSCORE_[A-Z_]+)=").matcher(run.group(1));
      List<String> names = new java.util.ArrayList<>();
      while (env.find()) {
        names.add(env.group(1));
        assertThat(DeployFiles.isConfigKey(DeployFiles.configKey(env.group(1)))).as(env.group(1)).isTrue();
      }
      assertThat(names).as(file.toString()).contains("PPSCORE_BOOTSTRAP_SERVERS", "PPSCORE_SCHEMA_REGISTRY_URL",
          "PPSCORE_HTTP_AUTH_TOKEN", "PPSCORE_LOG_USER_ID_SALT");
      assertThat(run.group(1)).doesNotContain("...").endsWith(" run");
    }
  }

  @Test
  void shouldDeleteNativeLibrariesAnEarlierJvmLeftInTmpBeforeExecingJava(@TempDir Path scratch) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh");
    for (Path file : List.of(CPU, GPU)) {
      // Given the entrypoint's shell script, its /tmp pointed at a scratch directory holding what ONNX Runtime
      // (onnxruntime-java<random>/) and RocksDB (librocksdbjni<random>.so) leave after an unclean exit, and a
      // fake java on the PATH that reports its arguments, its PID and what is left
      // (under JUnit's scratch directory, deleted after the test: they were left in /tmp, two per run of each file)
      Path tmp = Files.createTempDirectory(scratch, "entrypoint-tmp");
      Path bin = Files.createTempDirectory(scratch, "entrypoint-bin");
      Files.createDirectories(tmp.resolve("onnxruntime-java123/sub"));
      Files.writeString(tmp.resolve("onnxruntime-java123/libonnxruntime.so"), "x");
      Files.writeString(tmp.resolve("librocksdbjni456.so"), "x");
      Files.createDirectories(tmp.resolve("djl"));
      Files.writeString(tmp.resolve("other.txt"), "x");
      Path java = bin.resolve("java");
      Files.writeString(java, "#!/bin/sh\necho \"pid=$$ args=$*\"\nls " + tmp + "\n");
      java.toFile().setExecutable(true);
      List<String> entrypoint = entrypoint(DeployFiles.read(file));
      String script = entrypoint.get(2).replace("/tmp/", tmp + "/");

      // When the container starts with its CMD
      ProcessBuilder start = new ProcessBuilder("/bin/sh", "-c", "echo \"shell=$$\"; exec /bin/sh -c '"
          + script.replace("'", "'\\''") + "' " + entrypoint.get(3) + " run --help").redirectErrorStream(true);
      start.environment().put("PATH", bin + ":" + System.getenv("PATH"));
      start.environment().put("JAVA_OPTS", "-Xmx1g");
      Process process = start.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(out).isZero();

      // Then the leftovers are gone, the rest of /tmp is kept, and java replaced the shell (exec: same PID,
      // so SIGTERM reaches the JVM) with the command's arguments
      assertThat(out).as(file.toString()).doesNotContain("onnxruntime-java123").doesNotContain("librocksdbjni456")
          .contains("djl").contains("other.txt").contains("args=-Xmx1g -jar /opt/ppscore/ppscore.jar run --help");
      Matcher shell = Pattern.compile("shell=(\\d+)").matcher(out);
      Matcher pid = Pattern.compile("pid=(\\d+)").matcher(out);
      assertThat(shell.find() && pid.find()).as(out).isTrue();
      assertThat(pid.group(1)).as("java runs in the entrypoint's own process").isEqualTo(shell.group(1));
    }
  }

  /** The exec-form ENTRYPOINT as its list of strings. */
  private static List<String> entrypoint(String dockerfile) throws IOException {
    Matcher m = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(dockerfile);
    assertThat(m.find()).as("an exec-form ENTRYPOINT").isTrue();
    List<String> entrypoint = new ObjectMapper().readValue(m.group(1), new TypeReference<List<String>>() { });
    assertThat(entrypoint).hasSize(4).startsWith("sh", "-c");
    return entrypoint;
  }
}
