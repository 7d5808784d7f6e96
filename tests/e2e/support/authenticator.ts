import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';

const STEP_MS = 30_000;
const currentStep = () => Math.floor(Date.now() / STEP_MS);

/**
 * A person's authenticator app, for tests. Hearth refuses a 30-second step it has already
 * accepted (no replays), so this remembers the last step it gave out and never repeats one.
 * It only gives the current or next step: Hearth accepts one step either side, so both stay valid
 * even if the clock ticks over between typing the code and the server checking it.
 */
export class Authenticator {
  private lastStep = -1;
  private readonly key: Uint8Array;

  constructor(readonly secret: string) {
    this.key = decodeBase32IgnorePadding(secret);
  }

  /** The code the app shows now: what a person types when setting it up. */
  currentCode(): string {
    return this.codeFor(currentStep());
  }

  /** A code Hearth has not seen yet: the current step if unused, else the next one. */
  async freshCode(): Promise<string> {
    let step = Math.max(currentStep(), this.lastStep + 1);
    // Both usable steps are spent: wait for the clock (rare; journeys are planned not to need it).
    while (step > currentStep() + 1) {
      await new Promise((resolve) => setTimeout(resolve, STEP_MS - (Date.now() % STEP_MS) + 50));
      step = Math.max(currentStep(), this.lastStep + 1);
    }
    return this.codeFor(step);
  }

  /** A code from an older step: always refused. */
  staleCode(): string {
    return generateHOTP(this.key, BigInt(currentStep() - 10), 6);
  }

  private codeFor(step: number): string {
    this.lastStep = step;
    return generateHOTP(this.key, BigInt(step), 6);
  }
}
