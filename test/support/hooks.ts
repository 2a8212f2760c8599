import { stopTestServer } from './test-warehouse';

/** Mocha root hooks: the shared embedded test server stops once every test has run. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopTestServer();
  },
};
