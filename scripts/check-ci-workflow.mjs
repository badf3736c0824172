#!/usr/bin/env node
// `pnpm run check:ci`: the GitHub Actions workflow cannot run on the project's machines (and
// actionlint is not available there), so this parses `.github/workflows/ci.yml` with a YAML parser
// and checks what can be checked offline: the two jobs and their shape, that every file the workflow
// names exists, and that the mongodb job runs every suite that needs a MongoDB server — a new
// `describeWithMongo` suite left out of the job fails here instead of never running anywhere.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { root } from './workspace.mjs';

const workflowPath = join(root, '.github/workflows/ci.yml');
const problems = [];
const expect = (condition, problem) => {
  if (!condition) problems.push(problem);
};

const workflow = parse(readFileSync(workflowPath, 'utf8'));
const jobs = workflow?.jobs ?? {};
expect(workflow?.on, 'the workflow has no `on:` trigger');
expect(Object.keys(jobs).sort().join() === 'ci,mongodb', 'the workflow has exactly the jobs `ci` and `mongodb`');

const stepsOf = (job) => (Array.isArray(job?.steps) ? job.steps : []);
for (const [name, job] of Object.entries(jobs)) {
  expect(typeof job['runs-on'] === 'string', `job ${name}: no runs-on`);
  for (const step of stepsOf(job)) {
    expect(Boolean(step.uses) !== Boolean(step.run), `job ${name}: a step needs exactly one of uses and run`);
    if (step.uses)
      expect(/^[\w.-]+\/[\w.-]+@v\d+$/.test(step.uses), `job ${name}: ${step.uses} is not pinned to a version`);
  }
  const node = stepsOf(job).find((step) => step.uses?.startsWith('actions/setup-node@'));
  expect(String(node?.with?.['node-version']) === '20', `job ${name}: Node 20 through actions/setup-node`);
}

// ci: the same pipeline as the project's machines.
const ciRuns = stepsOf(jobs.ci).map((step) => step.run ?? '');
expect(ciRuns.includes('bash .ci/run'), 'job ci: runs `bash .ci/run`');
expect(existsSync(join(root, '.ci/run')), '.ci/run exists');

// mongodb: a replica set, its address exported, and the MongoDB suites only.
const mongo = jobs.mongodb ?? {};
expect(/[?&]replicaSet=rs0\b/.test(mongo.env?.MONGODB_URI ?? ''), 'job mongodb: MONGODB_URI names replicaSet=rs0');
const mongoRuns = stepsOf(mongo).map((step) => step.run ?? '');
expect(
  mongoRuns.some((run) => /docker run .*mongo:7 .*--replSet rs0/.test(run)),
  'job mongodb: starts mongo:7 with --replSet rs0',
);
expect(
  mongoRuns.some((run) => run.includes('rs.initiate(')),
  'job mongodb: initiates the replica set',
);
const vitestRun = mongoRuns.find((run) => run.includes('vitest run')) ?? '';
const listed = vitestRun.split(/\s+/).filter((word) => word.endsWith('.test.ts'));
for (const file of listed) expect(existsSync(join(root, file)), `job mongodb: ${file} does not exist`);
const needed = mongoSuites();
for (const file of needed) expect(listed.includes(file), `job mongodb: ${file} uses describeWithMongo but is not run`);
for (const file of listed) expect(needed.includes(file), `job mongodb: ${file} runs no MongoDB suite`);

if (problems.length > 0) {
  console.error(`check:ci: ${relative(root, workflowPath)}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check:ci: ${relative(root, workflowPath)} is valid; the mongodb job runs ${listed.length} suites`);

/** Test files, relative to the root, that run a suite against a MongoDB server. */
function mongoSuites() {
  const testDirs = ['packages', 'examples'].flatMap((group) =>
    readdirSync(join(root, group)).map((name) => join(group, name, 'test')),
  );
  return testDirs
    .filter((dir) => existsSync(join(root, dir)))
    .flatMap((dir) => readdirSync(join(root, dir), { recursive: true }).map((file) => join(dir, String(file))))
    .filter((file) => file.endsWith('.test.ts'))
    .filter((file) => readFileSync(join(root, file), 'utf8').includes('describeWithMongo('))
    .sort();
}
