import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const production = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'x'.repeat(40),
  DATABASE_URL: 'postgres://hearth@db.example/hearth',
  METRICS_TOKEN: 'm'.repeat(20),
  PUBLIC_URL: 'https://hearth.example',
  NOTIFY_API_KEY: 'n'.repeat(30),
  NOTIFY_EMAIL_TEMPLATE_ID: '3f1c0a52-8d3e-4f0a-9b1a-2c4d5e6f7a8b',
};

describe('DEV_OUTBOX', () => {
  it('is on only for local development unless set', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).devOutbox).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).devOutbox).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development', DEV_OUTBOX: 'false' }).devOutbox).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', DEV_OUTBOX: 'true' }).devOutbox).toBe(true);
  });

  it('is refused in production', () => {
    expect(() => loadConfig({ ...production, DEV_OUTBOX: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, DEV_OUTBOX: 'true' })).toThrow(/DEV_OUTBOX/);
  });
});
