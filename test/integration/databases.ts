/**
 * The databases the integration tests run against: embedded PGlite always,
 * PostgreSQL when `PDM_TEST_DATABASE_URL` is set (a test skips it otherwise).
 */
export const TEST_DATABASES: readonly [name: string, url: string | undefined][] = [
  ['PGlite', 'memory://'],
  ['PostgreSQL', process.env.PDM_TEST_DATABASE_URL],
];
