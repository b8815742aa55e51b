package dev.crucible.load.target;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** An Apache Kafka peer launched for one run. */
final class KafkaTarget {
  private KafkaTarget() {}

  static LaunchedTarget start(String version, Path scratch, Path cacheDir, PrintWriter progress) throws IOException {
    throw new IOException("kafka:" + version + " is being built in this session");
  }
}
