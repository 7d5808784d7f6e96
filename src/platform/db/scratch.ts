import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * A new, empty database on a PostgreSQL server, for a test file, a benchmark or a bulk job,
 * and a way to drop it afterwards. `serverUrl` names any database the user can connect to. With `template`, the new
 * database is a copy of that one (nobody may be connected to it).
 */
export async function createScratchDatabase(
  serverUrl: string,
  prefix: string,
  options: { template?: string } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(options.template ? `create database ${name} template ${options.template}` : `create database ${name}`);
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  return { url: target.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
