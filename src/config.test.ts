import { describe, expect, it } from 'vitest';
import os from 'node:os';
import { ConfigError, loadConfig } from './config.ts';

const production = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'x'.repeat(40),
  DATABASE_URL: 'postgres://hearth@db.example/hearth',
  METRICS_TOKEN: 'm'.repeat(20),
  PUBLIC_URL: 'https://hearth.example',
  NOTIFY_API_KEY: 'n'.repeat(30),
  NOTIFY_EMAIL_TEMPLATE_ID: '3f1c0a52-8d3e-4f0a-9b1a-2c4d5e6f7a8b',
  TWO_FACTOR_KEYS: `k1=${'t'.repeat(40)}`,
  AUDIT_KEY: 'k'.repeat(40),
  AUDIT_CHECKPOINT_FILE: '/var/lib/hearth/audit-checkpoints.jsonl',
};

describe('DEV_OUTBOX', () => {
  it('is on only for local development unless set', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).devOutbox).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).devOutbox).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development', DEV_OUTBOX: 'false' }).devOutbox).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', DEV_OUTBOX: 'true' }).devOutbox).toBe(true);
  });

  it('is refused in production', () => {
    expect(loadConfig(production).devOutbox).toBe(false);
    expect(() => loadConfig({ ...production, DEV_OUTBOX: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, DEV_OUTBOX: 'true' })).toThrow(/DEV_OUTBOX/);
  });
});

describe('TRUST_PROXY', () => {
  const trust = (value?: string) => loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy;

  it('trusts no proxy unless told which', () => {
    expect(trust()).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
  });

  it('takes a hop count, or the proxies’ addresses and networks', () => {
    expect(trust('1')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.5')).toEqual(['10.0.0.5']);
    expect(trust(' 10.0.0.0/8, 2001:db8::/32 ,loopback')).toEqual(['10.0.0.0/8', '2001:db8::/32', 'loopback']);
  });

  it('refuses true, which would believe any X-Forwarded-For, saying why', () => {
    for (const value of ['true', 'yes', 'on']) {
      expect(() => trust(value)).toThrow(ConfigError);
      expect(() => trust(value)).toThrow(/TRUST_PROXY=true believes any X-Forwarded-For/);
    }
  });

  it('refuses what is neither a count nor an address', () => {
    for (const value of ['10.0.0.300', 'proxy.example', '10.0.0.0/33', '-1', '1.5', '10.0.0.1,,']) {
      expect(() => trust(value), value).toThrow(/TRUST_PROXY/);
    }
  });
});

describe('TWO_FACTOR_KEYS', () => {
  const keyA = 'a'.repeat(32);
  const keyB = 'b'.repeat(44);

  it('takes key ids and keys, the first being current unless TWO_FACTOR_KEY_ID says', () => {
    expect(loadConfig({ TWO_FACTOR_KEYS: `k2026=${keyA}, k2025=${keyB}` }).twoFactorKeys).toEqual({
      current: 'k2026',
      keys: { k2026: keyA, k2025: keyB },
    });
    expect(
      loadConfig({ TWO_FACTOR_KEYS: `k2026=${keyA},k2025=${keyB}`, TWO_FACTOR_KEY_ID: 'k2025' }).twoFactorKeys.current,
    ).toBe('k2025');
    // A key may end in base64's "=" padding.
    expect(loadConfig({ TWO_FACTOR_KEYS: `k1=${keyA}==` }).twoFactorKeys.keys.k1).toBe(`${keyA}==`);
  });

  it('has a development key outside production, and is required in production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).twoFactorKeys.current).toBe('development');
    expect(() => loadConfig({ ...production, TWO_FACTOR_KEYS: undefined })).toThrow(/production needs TWO_FACTOR_KEYS/);
    expect(loadConfig(production).twoFactorKeys.current).toBe('k1');
  });

  it('refuses malformed keys, short keys, the reserved id "legacy" and an unknown current id', () => {
    for (const [env, message] of [
      [{ TWO_FACTOR_KEYS: 'k1' }, /TWO_FACTOR_KEYS/],
      [{ TWO_FACTOR_KEYS: 'k1=short' }, /at least 32 characters/],
      [{ TWO_FACTOR_KEYS: `legacy=${keyA}` }, /legacy/],
      [{ TWO_FACTOR_KEYS: `k1=${keyA},k1=${keyB}` }, /twice/],
      [{ TWO_FACTOR_KEYS: `Bad Id=${keyA}` }, /TWO_FACTOR_KEYS/],
      [{ TWO_FACTOR_KEYS: `k1=${keyA}`, TWO_FACTOR_KEY_ID: 'k2' }, /TWO_FACTOR_KEY_ID/],
    ] as const) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(message);
    }
  });
});

describe('audit checkpoints', () => {
  it('keep their file beside the PGlite folder, none for an in-memory database, and sign with a development key outside production', () => {
    const local = loadConfig({ PGLITE_DATA_DIR: '.data/pglite' }).audit;
    expect(local.checkpointFile).toBe('.data/pglite-audit-checkpoints.jsonl');
    expect(local.key).toMatch(/development-only/);
    expect(local.checkpointMinutes).toBe(5);
    expect(loadConfig({ PGLITE_DATA_DIR: 'memory://' }).audit.checkpointFile).toBeNull();
    expect(
      loadConfig({ PGLITE_DATA_DIR: 'memory://', AUDIT_CHECKPOINT_FILE: '/tmp/c.jsonl' }).audit.checkpointFile,
    ).toBe('/tmp/c.jsonl');
  });

  it('need AUDIT_KEY and AUDIT_CHECKPOINT_FILE in production', () => {
    expect(() => loadConfig({ ...production, AUDIT_KEY: undefined })).toThrow(/production needs AUDIT_KEY/);
    expect(() => loadConfig({ ...production, AUDIT_CHECKPOINT_FILE: undefined })).toThrow(
      /production needs AUDIT_CHECKPOINT_FILE/,
    );
    expect(() => loadConfig({ ...production, AUDIT_KEY: 'short' })).toThrow(/AUDIT_KEY/);
    expect(loadConfig(production).audit).toEqual({
      key: 'k'.repeat(40),
      developmentKey: false,
      checkpointFile: '/var/lib/hearth/audit-checkpoints.jsonl',
      checkpointMinutes: 5,
    });
  });
});

describe('WEB_CONCURRENCY', () => {
  it('is one process outside production, and every core in production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).webConcurrency).toBe(1);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://h@db.example/h' }).webConcurrency).toBe(1);
    expect(loadConfig(production).webConcurrency).toBe(os.availableParallelism());
    expect(loadConfig({ ...production, WEB_CONCURRENCY: '3' }).webConcurrency).toBe(3);
  });

  it('refuses more than one process on PGlite, saying why', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', WEB_CONCURRENCY: '2' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'development', WEB_CONCURRENCY: '2' })).toThrow(
      /WEB_CONCURRENCY=2 needs PostgreSQL \(DATABASE_URL\)/,
    );
    expect(loadConfig({ NODE_ENV: 'development', WEB_CONCURRENCY: '1' }).webConcurrency).toBe(1);
  });

  it('refuses what is not a whole number of at least 1', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'development', DATABASE_URL: 'postgres://h@db.example/h', WEB_CONCURRENCY: '0' }),
    ).toThrow(/WEB_CONCURRENCY/);
  });
});

describe('READ_DATABASE_URL', () => {
  it('is the replica the figures are counted on, beside DATABASE_URL', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: 'postgres://h@db.example/h',
      READ_DATABASE_URL: 'postgres://h@replica.example/h',
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://h@db.example/h',
      readUrl: 'postgres://h@replica.example/h',
    });
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://h@db.example/h' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://h@db.example/h',
    });
  });

  it('refuses a replica without a PostgreSQL database, and one that is not a URL, saying why', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', READ_DATABASE_URL: 'postgres://h@replica.example/h' })).toThrow(
      /READ_DATABASE_URL is a read replica of the PostgreSQL database and needs DATABASE_URL/,
    );
    expect(() =>
      loadConfig({ NODE_ENV: 'development', DATABASE_URL: 'postgres://h@db.example/h', READ_DATABASE_URL: 'replica' }),
    ).toThrow(/READ_DATABASE_URL/);
  });
});

describe('PUBLIC_URL by default', () => {
  it('is the address Hearth prints, so links in emails match it', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).publicUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0', PORT: '8080' }).publicUrl).toBe(
      'http://127.0.0.1:8080',
    );
  });
});
