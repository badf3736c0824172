// Dependency rules of the workspace, checked in CI by `pnpm run check:deps`.
// The public entries are read from each package's `exports` map, so adding a
// subpath entry there is the only step needed to make it reachable.
const fs = require('node:fs');
const path = require('node:path');

const SOURCE_CONDITION = '@jyotishconnect/source';

/** Which workspace packages each package may import: the dependency direction. */
const allowed = {
  core: [],
  'wallet-store': ['core'],
  'chat-core': ['core'],
  'billing-engine': ['core', 'wallet-store'],
  'ws-transport': ['core', 'billing-engine', 'chat-core'],
  payments: ['core', 'wallet-store'],
};

const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const entryFiles = Object.keys(allowed).flatMap((name) => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, 'packages', name, 'package.json'), 'utf8'));
  return Object.values(manifest.exports)
    .filter((target) => typeof target === 'object' && target[SOURCE_CONDITION])
    .map((target) => path.posix.join('packages', name, target[SOURCE_CONDITION]));
});

const directionRules = Object.entries(allowed).map(([name, deps]) => ({
  name: `direction-${name}`,
  comment: `${name} may import only ${deps.length > 0 ? deps.join(', ') : 'no other workspace package'}.`,
  severity: 'error',
  from: { path: `^packages/${literal(name)}/` },
  to: {
    path: '^packages/',
    pathNot: [`^packages/${literal(name)}/`, ...deps.map((dep) => `^packages/${literal(dep)}/`)],
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import loop makes load order matter and the modules impossible to read apart.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...directionRules,
    {
      name: 'public-entries-only',
      comment: "Another package or app reaches a package only through an entry of its package.json 'exports'.",
      severity: 'error',
      from: { path: '^(packages|examples|bench)/([^/]+)/' },
      to: {
        path: '^packages/([^/]+)/src/',
        pathNot: ['^packages/$2/', ...entryFiles.map((file) => `^${literal(file)}$`)],
      },
    },
    {
      name: 'host-services-never-import-http',
      comment:
        "The host's services throw coded errors; only the HTTP layer (and app.ts, which mounts it) knows Express.",
      severity: 'error',
      from: { path: '^examples/express-host/src/', pathNot: '^examples/express-host/src/(http/|app\\.ts$)' },
      to: { path: '^examples/express-host/src/http/' },
    },
    {
      name: 'libraries-never-import-apps',
      comment: 'Packages are published on their own: nothing of the examples or benchmarks may leak in.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^(examples|bench)/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'Every import must resolve; a typo would otherwise show only at run time.',
      severity: 'error',
      from: {},
      // The web demo loads the browser client from the URL its host serves it at.
      to: { couldNotResolve: true, pathNot: '^/vendor/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|docs|test-artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: [SOURCE_CONDITION, 'import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
