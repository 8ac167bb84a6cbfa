import fs from 'node:fs';
import path from 'node:path';
import { ensureMavenJars } from './maven-jars';

export const CASSANDRA_IMAGE = 'cassandra:5.0.6';

const standInDir = path.resolve(__dirname, '..', 'stand-ins', 'cassandra');

/**
 * Lays out the cassandra stand-in's build context: Cassandra's jars from Maven Central
 * (stand-ins/cassandra/pom.xml: cassandra-all and its dependencies, about 100 jars, 66 MB) as `lib/`,
 * and the image's own scripts and configuration as `cassandra/`. Returns the Dockerfile to build it with.
 */
export function assembleCassandraStandIn(context: string, log: (line: string) => void): string {
  const jars = ensureMavenJars(
    {
      image: CASSANDRA_IMAGE,
      pomFile: path.join(standInDir, 'pom.xml'),
      cacheName: `cassandra-${CASSANDRA_IMAGE.split(':')[1]}`,
    },
    log,
  );
  fs.cpSync(jars, path.join(context, 'lib'), { recursive: true });
  fs.cpSync(standInDir, path.join(context, 'cassandra'), {
    recursive: true,
    // The POM only says where the jars come from; the image does not need it.
    filter: (source) => path.basename(source) !== 'pom.xml',
  });
  return 'cassandra.Dockerfile';
}
