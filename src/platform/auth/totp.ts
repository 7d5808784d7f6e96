import { randomBytes } from 'node:crypto';
import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import QRCode from 'qrcode';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;

export const newTotpSecret = () => encodeBase32UpperCaseNoPadding(randomBytes(20));
export const totpKey = (secret: string) => decodeBase32IgnorePadding(secret);

/** The authenticator app's view of the secret: a QR code (SVG markup) and the URI it encodes. */
export async function enrolmentQrCode(issuer: string, accountName: string, secret: string) {
  const uri = createTOTPKeyURI(issuer, accountName, totpKey(secret), TOTP_PERIOD_SECONDS, TOTP_DIGITS);
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return { uri, svg };
}

/**
 * Checks a code against the current 30-second step and one either side (clock drift), and
 * returns the step it matched so the caller can refuse a code that was already used.
 */
export function matchTotpCounter(key: Uint8Array, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
  for (const counter of [current, current - 1, current + 1]) {
    if (verifyHOTP(key, BigInt(counter), TOTP_DIGITS, code)) return counter;
  }
  return null;
}
