import { describe, expect, it } from 'vitest';
import { exitOfHost, spawnHost } from './processes.js';

describe('starting the host process', () => {
  it('`--demo` (the root `pnpm start`) starts demo mode on loopback, seeded, with the banner', async () => {
    // HOST left to the default; the test reaches the host on 127.0.0.1 as the banner says.
    const host = await spawnHost({ STORE: 'memory', HOST: '' }, ['--demo']);
    try {
      const output = host.output.join('');
      expect(output).toContain('DEMO MODE (DEMO=true): NOT FOR REAL MONEY');
      expect(output).toContain('Listening on 127.0.0.1 only');
      const login = await fetch(`${host.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'asha@demo.local', password: 'demo1234' }),
      });
      expect(login.status).toBe(200);
    } finally {
      await host.kill('SIGTERM');
    }
  });

  it('DEMO=true asked to listen on 0.0.0.0 with the demo secrets exits 78 naming HOST', async () => {
    const { code, output } = await exitOfHost({ STORE: 'memory', DEMO: 'true', HOST: '0.0.0.0' });
    expect(code).toBe(78);
    expect(output).toContain('Invalid environment variable HOST');
  });

  it('without DEMO the host is in production mode and exits 78 without a real JWT_SECRET', async () => {
    const { code, output } = await exitOfHost({ STORE: 'memory', NODE_ENV: 'development' });
    expect(code).toBe(78);
    expect(output).toContain('Invalid environment variable JWT_SECRET');
  });
});
