import { openDatabase } from '../src/platform/db/database.ts';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { loadTenantConfig } from '../src/modules/reference/tenant-config.ts';
const url = process.argv[2]!;
const only = process.argv[3];
const d = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
const tenant = await loadTenantConfig('essex');
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', COOKIE_SECURE: 'false', JOBS: 'false', TWO_FACTOR: 'off' });
const { services } = await buildApp({ config, database: d, tenantName: tenant.localAuthority.name });
for (const ind of await services.performance.indicators()) {
  const c = services.performance.computedFor(ind);
  if (!c || (only && !c.key.includes(only))) continue;
  const p = services.performance.lastFinishedPeriod(ind)!;
  for (const b of [undefined, 'quadrant']) {
    if (b && !c.breakdowns.includes(b)) continue;
    const t0 = performance.now();
    try { await c.compute(d.db, p, b); console.log(c.key, p.label, b ?? 'all', Math.round(performance.now() - t0), 'ms'); }
    catch (e) { console.log(c.key, b ?? 'all', 'ERR', String(e).slice(0, 100), Math.round(performance.now() - t0)); }
  }
}
await d.close();
