/**
 * The build context of the apache/kafka stand-in (stand-ins/kafka.Dockerfile): Kafka's jars from Maven
 * Central (stand-ins/kafka/pom.xml), plus the image's start-up script, admin scripts and default
 * configuration from stand-ins/kafka/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureMavenJars } from './maven-jars';

export const KAFKA_IMAGE = 'apache/kafka:4.4.0';

const kafkaDir = path.resolve(__dirname, '..', 'stand-ins', 'kafka');

/** Lays out the stand-in's context in `context` and returns the Dockerfile the caller builds it with. */
export function assembleKafkaStandIn(context: string, log: (line: string) => void): string {
  const jars = ensureMavenJars(
    { image: KAFKA_IMAGE, pomFile: path.join(kafkaDir, 'pom.xml'), cacheName: `kafka-${KAFKA_IMAGE.split(':')[1]}` },
    log,
  );
  fs.cpSync(jars, path.join(context, 'libs'), { recursive: true });
  for (const entry of ['bin', 'config', 'entrypoint.sh']) {
    fs.cpSync(path.join(kafkaDir, entry), path.join(context, entry), { recursive: true });
  }
  return 'kafka.Dockerfile';
}
