import { describe, expect, it } from 'vitest';
import { DEFAULT_FETCH_OPTIONS, getJson, isPublicAddress, machineAddresses } from './fetch.ts';

/** The import calls only the public internet: never the machine itself or a network it is on. */
describe('which addresses the import may call', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['169.254.169.254', true],
    ['192.168.0.10', true],
    ['172.20.0.1', true],
    ['100.64.0.1', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['not an address', true],
    // Documentation, benchmarking, reserved and translation ranges: only global unicast is called.
    ['192.0.2.1', true],
    ['198.51.100.1', true],
    ['203.0.113.1', true],
    ['198.18.0.1', true],
    ['240.0.0.1', true],
    ['255.255.255.255', true],
    ['224.0.0.1', true],
    ['0.0.0.0', true],
    ['fc00::1', true],
    ['ff02::1', true],
    ['2001:db8::1', true],
    ['2002:7f00:1::1', true],
    ['64:ff9b::7f00:1', true],
    ['::7f00:1', true],
    ['::', true],
    ['81.2.69.160', false],
    ['2a00:1450:4009:81f::200e', false],
  ])('%s is refused: %s', (address, refused) => {
    expect(isPublicAddress(address, [])).toBe(!refused);
  });

  it('refuses the machine’s own addresses, whatever range they are in', () => {
    expect(isPublicAddress('81.2.69.160', ['81.2.69.160'])).toBe(false);
    expect(isPublicAddress('2a00:1450:4009:81f::200e', ['2a00:1450:4009:081f:0:0:0:200e'])).toBe(false);
    expect(isPublicAddress('81.2.69.161', ['81.2.69.160'])).toBe(true);
    // By default the list is read from the machine's network interfaces.
    for (const own of machineAddresses()) expect(isPublicAddress(own), own).toBe(false);
  });

  it('refuses an address written in the URL, and a name that resolves to a local address, before connecting', async () => {
    const options = { ...DEFAULT_FETCH_OPTIONS, timeoutMs: 2_000 };
    await expect(getJson(new URL('http://192.0.2.1/api/services'), options)).rejects.toThrow(
      'Hearth does not import from addresses on a private or local network (192.0.2.1)',
    );
    await expect(getJson(new URL('http://[::ffff:127.0.0.1]:9/api/services'), options)).rejects.toThrow(
      /does not import from addresses on a private or local network/,
    );
    await expect(getJson(new URL('http://localhost:9/api/services'), options)).rejects.toThrow(
      'Hearth does not import from addresses on a private or local network (localhost:9)',
    );
  });
});
