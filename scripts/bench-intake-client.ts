/**
 * The load generator of `npm run bench:intake`, run in a Node process of its own (forked by
 * bench-intake.ts for each phase), so the app server's process is measured alone: the clients'
 * HTTP work (building bodies, parsing answers, keeping latencies) no longer shares its event loop.
 *
 * The parent sends a PhaseRequest over IPC; this process sends back a PhaseResult: every
 * acknowledged police reference with the request id the API named, and the counts. The checks
 * against the database stay in the parent.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { addDays, formatISO } from 'date-fns';

const DISTRICTS = ['basildon', 'braintree', 'chelmsford', 'colchester', 'harlow', 'tendring'];
const FIRST_NAMES = ['Lily', 'Oliver', 'Amelia', 'Noah', 'Isla', 'Leo', 'Ava', 'Muhammad', 'Freya', 'Jack'];
const CATEGORIES = ['domestic-abuse', 'missing', 'exploitation', 'youth-crime', 'mental-health'];

let serial = 0;
/** n written in letters (1 → b, 26 → ba): names may hold only letters, spaces, hyphens and apostrophes. */
function letters(n: number): string {
  let text = '';
  do {
    text = String.fromCharCode(97 + (n % 26)) + text;
    n = Math.floor(n / 26);
  } while (n > 0);
  return text;
}

/** One valid notification with a new police reference `<phase>/<n>`. */
export function notification(phase: string) {
  const n = ++serial;
  return {
    police_reference: `${phase}/${n}`,
    incident_date: '2024-06-03',
    concern_category: CATEGORIES[n % CATEGORIES.length]!,
    summary: 'Called to a verbal argument between the parents; the children were upstairs and unhurt.',
    district: DISTRICTS[n % DISTRICTS.length]!,
    officer: { name: 'PC Amy Clarke', number: String(4000 + (n % 500)) },
    children: [
      {
        first_name: FIRST_NAMES[n % FIRST_NAMES.length]!,
        last_name: `Turner-${letters(n)}`,
        // Children born across 16 years, as in a real queue (not all on one day).
        date_of_birth: formatISO(addDays(new Date(2009, 0, 1), (n * 37) % 5840), { representation: 'date' }),
        gender: 'F',
        address: '12 Mill Road',
        postcode: 'CM1 1QH',
      },
    ],
    adults: [{ first_name: 'Sarah', last_name: `Turner-${letters(n)}`, relationship: 'mother' }],
    // A missing child's notification carries its episode (issue 13): the report, for its one child.
    ...(CATEGORIES[n % CATEGORIES.length] === 'missing'
      ? {
          missing: {
            event: 'report',
            missing_from: 'home',
            // After every child's date of birth (2009 to 2024): a report before birth is refused.
            reported_at: '2025-06-03T21:15',
            reported_by: 'Sarah Turner, mother',
            risk_grading: 'medium',
          },
        }
      : {}),
  };
}
type Notification = ReturnType<typeof notification>;

export interface PhaseRequest {
  base: string;
  token: string;
  batchSize: number;
  seconds: number;
  concurrency: number;
  /** Share of requests that re-send an earlier batch (a client that lost the answer). */
  resend: number;
  /** Share of new batches sent twice at once (a retry racing the first try). */
  race: number;
}

export interface PhaseResult {
  phase: string;
  /** [police reference, request id] as last acknowledged. */
  acked: [string, string][];
  requests: number;
  resent: number;
  raced: number;
  failures: number;
  mismatches: number;
  latencies: number[];
  elapsed: number;
  unique: number;
  /** CPU time of the load generator's process during the phase, in ms. */
  cpuMs: number;
}

interface Answer {
  status: number;
  body: { results?: { police_reference: string; status: string; request_id: string }[] } | null;
}

/** node:http with keep-alive: cheaper per request than fetch on Node 20, so the client stays light. */
function poster(base: string, token: string, concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency * 2 });
  const url = new URL('/api/police-notifications', base);
  return (batch: Notification[]) =>
    new Promise<Answer>((resolve, reject) => {
      const body = JSON.stringify({ notifications: batch });
      const request = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => {
            let parsed: Answer['body'];
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer['body'];
            } catch {
              parsed = null;
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
}

async function httpPhase(p: PhaseRequest): Promise<PhaseResult> {
  const phase = `B${p.batchSize}`;
  const send = poster(p.base, p.token, p.concurrency);
  const acked = new Map<string, string>();
  const sentBatches: Notification[][] = [];
  const latencies: number[] = [];
  let requests = 0;
  let resent = 0;
  let raced = 0;
  let failures = 0;
  let mismatches = 0;
  const post = async (batch: Notification[]) => {
    const started = performance.now();
    const answer = await send(batch).catch(() => ({ status: 0, body: null }) as Answer);
    latencies.push(performance.now() - started);
    requests++;
    if (answer.status !== 202 || !answer.body?.results) {
      failures++;
      return;
    }
    for (const r of answer.body.results) {
      if (r.status !== 'created' && r.status !== 'duplicate') {
        failures++;
        continue;
      }
      const earlier = acked.get(r.police_reference);
      // A repeat must name the request the first answer named.
      if (earlier && earlier !== r.request_id) mismatches++;
      acked.set(r.police_reference, r.request_id);
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + p.seconds * 1000;
  await Promise.all(
    Array.from({ length: p.concurrency }, async () => {
      while (performance.now() < deadline) {
        const roll = Math.random();
        if (roll < p.resend && sentBatches.length) {
          resent++;
          await post(sentBatches[Math.floor(Math.random() * sentBatches.length)]!);
          continue;
        }
        const batch = Array.from({ length: p.batchSize }, () => notification(phase));
        sentBatches.push(batch);
        if (roll < p.resend + p.race) {
          raced++;
          await Promise.all([post(batch), post(batch)]);
        } else {
          await post(batch);
        }
      }
    }),
  );
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    phase,
    acked: [...acked],
    requests,
    resent,
    raced,
    failures,
    mismatches,
    latencies,
    elapsed,
    unique: sentBatches.reduce((n, b) => n + b.length, 0),
    cpuMs: (used.user + used.system) / 1000,
  };
}

/** Runs one phase in a new Node process and waits for its result. */
export function runPhase(request: PhaseRequest): Promise<PhaseResult & { pid: number }> {
  return new Promise((resolve, reject) => {
    // execArgv is set, not inherited, so a profiler flag given to the server's process stays there.
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_INTAKE_CLIENT: '1' },
    });
    let result: PhaseResult | undefined;
    child.once('message', (message) => (result = message as PhaseResult));
    child.once('error', reject);
    child.once('exit', (code) =>
      result
        ? resolve({ ...result, pid: child.pid ?? 0 })
        : reject(new Error(`The load generator stopped (exit code ${code}) without a result`)),
    );
    child.send(request);
  });
}

if (process.env.BENCH_INTAKE_CLIENT === '1' && process.send) {
  process.once('message', (request) => {
    void httpPhase(request as PhaseRequest).then((result) => process.send!(result, () => process.disconnect()));
  });
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log('This is the load generator of npm run bench:intake, which starts it: run npm run bench:intake.');
}
