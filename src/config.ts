import net from 'node:net';
import os from 'node:os';
import { z } from 'zod';

/**
 * One typed configuration object, read from the environment once at start-up.
 * A missing or malformed value stops the process with a message naming the variable,
 * rather than failing at first use.
 */
const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['true', '1', 'on', 'yes'].includes(v));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** postgres://… for a PostgreSQL server; unset means the embedded PGlite database. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * postgres://… for a read replica of DATABASE_URL: the performance framework counts its figures there, so the
   * board's reports never slow the casework. Unset: the figures are counted on DATABASE_URL.
   */
  READ_DATABASE_URL: z.string().url().optional(),
  /** Folder for the embedded database's files; "memory://" keeps it in memory. */
  PGLITE_DATA_DIR: z.string().min(1).default('.data/pglite'),
  TENANT: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be a tenant file name such as "essex"')
    .default('essex'),
  /** Signs session cookies (and derived the key of two-factor secrets stored before TWO_FACTOR_KEYS: key id "legacy"). */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Keys that encrypt two-factor secrets at rest, "id=key,id=key"; kept apart from the session secret. */
  TWO_FACTOR_KEYS: z.string().optional().transform(parseTwoFactorKeys),
  /** Which of TWO_FACTOR_KEYS encrypts new secrets (the first listed unless set). */
  TWO_FACTOR_KEY_ID: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** How long before the idle timeout the "You're about to be signed out" dialog appears (capped at the timeout). */
  SESSION_WARNING_SECONDS: z.coerce.number().int().min(10).max(1800).default(120),
  /** Cookies are Secure unless explicitly switched off for plain-http local use. */
  COOKIE_SECURE: booleanFromEnv.optional(),
  /** Two-factor sign-in; may be switched off only outside production, for local demos. */
  TWO_FACTOR: z.enum(['required', 'off']).default('required'),
  SEED_DEMO_DATA: booleanFromEnv.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1_048_576),
  SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Which proxies' X-Forwarded-For entries to believe: `false`, a hop count, or their addresses and networks. */
  TRUST_PROXY: z.string().default('false').transform(parseTrustProxy),
  /** Optional bearer token for /metrics; required in production. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** GOV.UK Notify: with a key, queued emails are delivered through one generic template. */
  NOTIFY_API_KEY: z.string().min(20).optional(),
  NOTIFY_EMAIL_TEMPLATE_ID: z.string().uuid('must be the id of a GOV.UK Notify email template').optional(),
  /** Run background jobs in this process (set false for web-only instances). */
  JOBS: booleanFromEnv.default(true),
  /** How many web processes (Node cluster workers) to run: all cores in production, 1 otherwise. PostgreSQL only. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  /** Base URL people reach Hearth at, used in emails. */
  PUBLIC_URL: z.string().url().optional(),
  /** Signs checkpoints of the audit chain's head (HMAC-SHA256): keep it outside the database. */
  AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Where checkpoints are appended, one JSON line each: outside the database, append-only. */
  AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
  /** The email outbox page for system administrators (it shows set-password links): local development only. */
  DEV_OUTBOX: booleanFromEnv.optional(),
});

const isCidr = (entry: string) => {
  const [address = '', prefix = '', ...rest] = entry.split('/');
  const family = net.isIP(address);
  return family !== 0 && rest.length === 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
};

const KEY_ID = /^[a-z0-9][a-z0-9-]{0,19}$/;

/** TWO_FACTOR_KEYS: "k2026=…,k2025=…" as ordered [id, key] pairs (a key may contain "=", never ","). */
function parseTwoFactorKeys(value: string | undefined, context: z.RefinementCtx): [string, string][] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const pairs: [string, string][] = [];
  for (const entry of value.split(',')) {
    const at = entry.indexOf('=');
    const id = entry.slice(0, at).trim();
    const key = entry.slice(at + 1).trim();
    const problem =
      at < 0 || !KEY_ID.test(id)
        ? 'must be key ids and keys, like "k2026=<32 or more random characters>,k2025=<…>" (ids: lower-case letters, digits and -)'
        : id === 'legacy'
          ? 'the key id "legacy" is reserved for secrets stored before TWO_FACTOR_KEYS (read with SESSION_SECRET)'
          : key.length < 32
            ? `the key "${id}" must be at least 32 characters`
            : pairs.some(([other]) => other === id)
              ? `the key id "${id}" is given twice`
              : null;
    if (problem) {
      context.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    pairs.push([id, key]);
  }
  return pairs;
}

/** proxy-addr's names for well-known networks, accepted beside addresses and CIDRs. */
const PROXY_NETWORK_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY, for Fastify's trustProxy: false, a hop count, or a list of addresses and networks.
 * `true` is refused: it makes the client address whatever the client writes in X-Forwarded-For.
 */
function parseTrustProxy(value: string, context: z.RefinementCtx): false | number | string[] {
  const text = value.trim().toLowerCase();
  if (['', 'false', 'off', 'no', '0'].includes(text)) return false;
  if (['true', 'on', 'yes'].includes(text)) {
    context.addIssue({
      code: 'custom',
      message:
        'TRUST_PROXY=true believes any X-Forwarded-For, so anyone can choose the address rate limits and the audit trail see. Give the load balancers’ addresses or networks (TRUST_PROXY=10.0.0.0/8) or how many proxies are in front of Hearth (TRUST_PROXY=1)',
    });
    return z.NEVER;
  }
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !PROXY_NETWORK_NAMES.includes(entry) && !(net.isIP(entry) || isCidr(entry)));
  if (bad.length > 0) {
    context.addIssue({
      code: 'custom',
      message: `must be false, a hop count such as 1, or a comma-separated list of proxy addresses or networks such as 10.0.0.0/8 (not ${bad.map((b) => `"${b}"`).join(', ')})`,
    });
    return z.NEVER;
  }
  return entries;
}

export type Config = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {}

const DEVELOPMENT_SESSION_SECRET = 'hearth-development-only-secret-do-not-use-in-production';
// Outside production only (production must set AUDIT_KEY): a checkpoint signed with it proves nothing.
const DEVELOPMENT_AUDIT_KEY = 'hearth-development-only-audit-key-do-not-use-in-production';
// Outside production only (production must set TWO_FACTOR_KEYS): anyone can read this one.
const DEVELOPMENT_TWO_FACTOR_KEYS: [string, string][] = [
  ['development', 'hearth-development-only-two-factor-key-do-not-use-in-production'],
];

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Hearth cannot start: the environment is not valid.\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    const missing = [
      !e.SESSION_SECRET && 'SESSION_SECRET',
      !e.TWO_FACTOR_KEYS && 'TWO_FACTOR_KEYS',
      !e.AUDIT_KEY && 'AUDIT_KEY',
      !e.AUDIT_CHECKPOINT_FILE && 'AUDIT_CHECKPOINT_FILE',
      !e.DATABASE_URL && 'DATABASE_URL',
      !e.METRICS_TOKEN && 'METRICS_TOKEN',
      !e.PUBLIC_URL && 'PUBLIC_URL',
      !e.NOTIFY_API_KEY && 'NOTIFY_API_KEY',
    ].filter(Boolean);
    if (missing.length > 0) {
      throw new ConfigError(`Hearth cannot start: production needs ${missing.join(', ')}.`);
    }
    if (e.TWO_FACTOR === 'off') {
      throw new ConfigError('Hearth cannot start: TWO_FACTOR=off is for local demos only, never production.');
    }
    if (e.DEV_OUTBOX) {
      throw new ConfigError(
        'Hearth cannot start: DEV_OUTBOX=true is for local development only, never production (the outbox shows set-password links).',
      );
    }
  }
  if (e.NOTIFY_API_KEY && !e.NOTIFY_EMAIL_TEMPLATE_ID) {
    throw new ConfigError('Hearth cannot start: NOTIFY_API_KEY needs NOTIFY_EMAIL_TEMPLATE_ID.');
  }
  const twoFactorPairs = e.TWO_FACTOR_KEYS ?? DEVELOPMENT_TWO_FACTOR_KEYS;
  const twoFactorCurrent = e.TWO_FACTOR_KEY_ID ?? twoFactorPairs[0]![0];
  if (!twoFactorPairs.some(([id]) => id === twoFactorCurrent)) {
    throw new ConfigError(
      `Hearth cannot start: TWO_FACTOR_KEY_ID is "${twoFactorCurrent}", which is not one of the key ids in TWO_FACTOR_KEYS.`,
    );
  }
  if (e.READ_DATABASE_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      'Hearth cannot start: READ_DATABASE_URL is a read replica of the PostgreSQL database and needs DATABASE_URL. The embedded PGlite database has no replica; unset READ_DATABASE_URL.',
    );
  }
  const webConcurrency = e.WEB_CONCURRENCY ?? (production && e.DATABASE_URL ? os.availableParallelism() : 1);
  if (webConcurrency > 1 && !e.DATABASE_URL) {
    throw new ConfigError(
      `Hearth cannot start: WEB_CONCURRENCY=${webConcurrency} needs PostgreSQL (DATABASE_URL). The embedded PGlite database belongs to one process; run one process (WEB_CONCURRENCY=1) or use PostgreSQL.`,
    );
  }
  const port = e.PORT;
  return {
    env: e.NODE_ENV,
    production,
    host: e.HOST,
    port,
    // The address the app prints when it starts, so links in emails match it (0.0.0.0 or :: listen everywhere: use loopback).
    publicUrl:
      e.PUBLIC_URL ??
      `http://${['0.0.0.0', '::'].includes(e.HOST) ? '127.0.0.1' : e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${port}`,
    database: e.DATABASE_URL
      ? ({
          kind: 'postgres',
          url: e.DATABASE_URL,
          ...(e.READ_DATABASE_URL ? { readUrl: e.READ_DATABASE_URL } : {}),
        } as const)
      : ({ kind: 'pglite', dataDir: e.PGLITE_DATA_DIR } as const),
    tenant: e.TENANT,
    session: {
      secret: e.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
      idleMinutes: e.SESSION_IDLE_MINUTES,
      warningSeconds: Math.min(e.SESSION_WARNING_SECONDS, e.SESSION_IDLE_MINUTES * 60),
      secureCookie: e.COOKIE_SECURE ?? production,
    },
    audit: {
      key: e.AUDIT_KEY ?? DEVELOPMENT_AUDIT_KEY,
      /** No AUDIT_KEY given (outside production): checkpoints are signed with a key anyone can read. */
      developmentKey: !e.AUDIT_KEY,
      /** Null: no checkpoints (an in-memory database, or PostgreSQL outside production without a file). */
      checkpointFile:
        e.AUDIT_CHECKPOINT_FILE ??
        (e.DATABASE_URL || e.PGLITE_DATA_DIR.startsWith('memory://')
          ? null
          : `${e.PGLITE_DATA_DIR.replace(/\/+$/, '')}-audit-checkpoints.jsonl`),
      checkpointMinutes: e.AUDIT_CHECKPOINT_MINUTES,
    },
    twoFactorRequired: e.TWO_FACTOR === 'required',
    /** Keys for two-factor secrets at rest: new secrets use `current`; the others are still read. */
    twoFactorKeys: { current: twoFactorCurrent, keys: Object.fromEntries(twoFactorPairs) },
    seedDemoData: e.SEED_DEMO_DATA ?? !production,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    signInAttemptsPerMinute: e.SIGN_IN_ATTEMPTS_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    notify:
      e.NOTIFY_API_KEY && e.NOTIFY_EMAIL_TEMPLATE_ID
        ? { apiKey: e.NOTIFY_API_KEY, emailTemplateId: e.NOTIFY_EMAIL_TEMPLATE_ID }
        : undefined,
    runJobs: e.JOBS,
    /** Web processes: 1 runs everything in this process; more forks that many cluster workers (PostgreSQL only). */
    webConcurrency,
    /** The email outbox page (for system administrators): on by default only for local development. */
    devOutbox: e.DEV_OUTBOX ?? e.NODE_ENV === 'development',
  };
}
