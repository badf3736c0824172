import { packageBuild } from '../../tsup.shared.js';

export default [
  packageBuild({
    index: 'src/index.ts',
    client: 'src/client/index.ts',
    protocol: 'src/protocol.ts',
    redis: 'src/bus/redis.ts',
    'socket.io': 'src/socket-io/index.ts',
  }),
  // One self-contained ES module for pages without a bundler: <script type="module" src=".../client.browser.js">.
  packageBuild(
    { 'client.browser': 'src/client/index.ts' },
    {
      format: ['esm'],
      platform: 'browser',
      target: 'es2022',
      noExternal: [/.*/],
      dts: false,
      clean: false,
      splitting: false,
    },
  ),
].flat();
