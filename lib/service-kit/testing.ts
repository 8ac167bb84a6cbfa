/** @threadline/service-kit/testing: what the services' own tests use to reach real parts. */
export { PostgresCluster, postgresBinDir } from './postgres-cluster';
