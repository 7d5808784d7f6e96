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
