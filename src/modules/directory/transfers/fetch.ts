import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import ipaddr from 'ipaddr.js';

/**
 * Fetching JSON from another council's API without letting the address reach anything but the
 * public internet (server-side request forgery): only global unicast addresses are called, checked
 * after DNS resolution and at connection time, never the machine's own addresses; redirects are not
 * followed; answers have a time and a size limit.
 */

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  maxPages: number;
  maxServices: number;
  perPage: number;
  concurrency: number;
  /** Only for tests against a local server: otherwise only public addresses are called. */
  allowPrivateNetworks: boolean;
}

export const DEFAULT_FETCH_OPTIONS: FetchOptions = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxPages: 200,
  maxServices: 2000,
  perPage: 50,
  concurrency: 4,
  allowPrivateNetworks: false,
};

// ---- The address ----

// IANA's global unicast block for IPv6; ipaddr.js names the special ranges inside it (documentation, 6to4, …).
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/** Every address of this machine's network interfaces, as it is now. */
export const machineAddresses = (): string[] =>
  Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));

const normalised = (address: string) => {
  try {
    return ipaddr.parse(address.replace(/%.*$/, '')).toNormalizedString();
  } catch {
    return address;
  }
};

/**
 * True only for a global unicast address that is not one of this machine's own: an allowlist, so
 * loopback, private, shared (100.64/10), link-local (cloud metadata), documentation (192.0.2/24,
 * 2001:db8::/32), benchmarking, reserved, multicast, translated (64:ff9b::, 6to4) and IPv4 written as
 * IPv6 are all refused, and so is anything that is not an IP address.
 */
export function isPublicAddress(address: string, ownAddresses: readonly string[] = machineAddresses()): boolean {
  if (!net.isIP(address)) return false;
  const ip = ipaddr.parse(address);
  if (ip.range() !== 'unicast') return false;
  if (ip.kind() === 'ipv6' && !ip.match(GLOBAL_UNICAST_V6)) return false;
  const mine = new Set(ownAddresses.map(normalised));
  return !mine.has(ip.toNormalizedString());
}

const privateAddressError = (host: string) =>
  Object.assign(new Error(`private address ${host}`), { code: 'HEARTH_PRIVATE_ADDRESS' });

/** dns.lookup that refuses every address but public ones, so a name cannot be pointed at the internal network. */
const guardedLookup = ((
  hostname: string,
  options: dns.LookupOptions,
  callback: (error: Error | null, address: string | dns.LookupAddress[], family?: number) => void,
) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const own = machineAddresses();
    if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address, own)))
      return callback(privateAddressError(hostname), '', 0);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}) as unknown as net.LookupFunction;

// ---- Fetching ----

/** The API could not be read: the message says why, in words for the person importing. */
export class FetchFailure extends Error {}

/** GET a URL and parse its JSON, with a time limit and a size limit; redirects are not followed. */
export async function getJson(url: URL, options: FetchOptions): Promise<unknown> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const where = `${url.pathname}${url.search}`;
  if (!options.allowPrivateNetworks && net.isIP(host) && !isPublicAddress(host))
    throw new FetchFailure(describe(privateAddressError(host), url.host));
  const signal = AbortSignal.timeout(options.timeoutMs);
  const response = await new Promise<{ status: number; location: string | undefined; type: string; body: string }>(
    (resolve, reject) => {
      const client = url.protocol === 'https:' ? https : http;
      const request = client.get(
        url,
        {
          signal,
          headers: { accept: 'application/json', 'user-agent': 'Hearth directory import' },
          ...(options.allowPrivateNetworks ? {} : { lookup: guardedLookup }),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          let ended = false;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > options.maxBytes)
              request.destroy(Object.assign(new Error('too large'), { code: 'HEARTH_TOO_LARGE' }));
            else chunks.push(chunk);
          });
          res.on('end', () => {
            ended = true;
            resolve({
              status: res.statusCode ?? 0,
              location: res.headers.location,
              type: String(res.headers['content-type'] ?? ''),
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
          res.on('error', reject);
          res.on('close', () => {
            if (!ended) reject(Object.assign(new Error('response ended early'), { code: 'ECONNRESET' }));
          });
        },
      );
      request.on('error', reject);
    },
  ).catch((error: unknown) => {
    throw new FetchFailure(
      describe(
        signal.aborted ? Object.assign(new Error('timeout'), { code: 'HEARTH_TIMEOUT' }) : error,
        url.host,
        options,
      ),
    );
  });
  if (response.status >= 300 && response.status < 400) {
    throw new FetchFailure(
      `The API sent Hearth to another address (${response.location ?? 'not given'}) for ${where}: enter that address instead`,
    );
  }
  if (response.status !== 200)
    throw new FetchFailure(`The API answered ${where} with an error (HTTP ${response.status})`);
  try {
    return JSON.parse(response.body);
  } catch {
    throw new FetchFailure(
      `The API’s answer to ${where} is not JSON${/html/i.test(response.type) ? ' (it is a web page)' : ''}: check this is the address of an Open Referral UK API`,
    );
  }
}

function describe(error: unknown, host: string, options?: FetchOptions): string {
  const code = (error as { code?: string }).code ?? '';
  switch (code) {
    case 'HEARTH_PRIVATE_ADDRESS':
      return `Hearth does not import from addresses on a private or local network (${host}): enter the API’s public address`;
    case 'HEARTH_TIMEOUT':
      return `The server at ${host} did not answer within ${(options?.timeoutMs ?? 0) / 1000} seconds: try again later`;
    case 'HEARTH_TOO_LARGE':
      return `The server at ${host} sent more than ${Math.round((options?.maxBytes ?? 0) / 1024 / 1024)} MB in one answer, more than an Open Referral UK API page should be`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `There is no server called ${host}, or it cannot be reached from here: check the address`;
    case 'ECONNREFUSED':
      return `The server at ${host} refused the connection: check the address, or try again later`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `The server at ${host} closed the connection before it finished answering: try again later`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return `The server at ${host} cannot be reached from here: check the address, or try again later`;
  }
  if (/CERT|SSL|TLS/i.test(code))
    return `A secure connection to ${host} could not be made (${code}): check the address`;
  return `The server at ${host} could not be reached (${code || (error as Error).message}): check the address`;
}
