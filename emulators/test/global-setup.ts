/** Starts one local suite for the integration and end-to-end tests (ports shifted so `npm start` can run too). */
import type { TestProject } from 'vitest/node';
import { type Suite, startSuite } from '../suite/suite.ts';

let suite: Suite | undefined;

export async function setup(project: TestProject) {
  suite = await startSuite({
    name: `test-${process.env.TEST_PORT_OFFSET ?? 10_000}`,
    portOffset: Number(process.env.TEST_PORT_OFFSET ?? 10_000),
    logLevel: 'DEBUG',
    testFaults: true,
  });
  project.provide('suite', {
    env: suite.env,
    apiUrl: suite.apiUrl,
    projectId: suite.projectId,
    stateDir: suite.stateDir,
    children: suite.children.map((c) => ({ name: c.name, pid: c.pid })),
  });
}

export async function teardown() {
  await suite?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    suite: {
      env: Record<string, string>;
      apiUrl: string;
      projectId: string;
      stateDir: string;
      children: { name: string; pid: number }[];
    };
  }
}
