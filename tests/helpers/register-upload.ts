import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient } from './http-client.ts';
import type { TestApp } from './test-app.ts';

/** A demo user signed in through the sign-in form. */
export async function signedIn(t: TestApp, email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

const key = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)![1]!;

/** Uploads a register file through the import form (multipart, CSRF, the form's one-time submission key). */
export async function uploadRegister(
  t: TestApp,
  client: TestClient,
  file: { name: string; data: string | Uint8Array },
  submissionKey?: string,
) {
  const page = await client.get('/corporate-parenting/import');
  const boundary = '----hearthtest';
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([
    Buffer.from(field('_csrf', client.csrfToken()!) + field('submissionKey', submissionKey ?? key(page.body))),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(file.data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url: '/corporate-parenting/import',
    payload: body,
    remoteAddress: '192.0.2.1',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: `hearth_session=${client.sessionCookie}`,
    },
  });
}

export { key as submissionKeyOf };
