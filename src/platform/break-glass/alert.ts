import type { AlertRecipients } from './repository.ts';
import { untilText } from './until.ts';

/** The alert's "You are getting this because …", by whom break-glass chose to tell. */
const WHY_YOU: Record<AlertRecipients['why'] | 'mace-coordinator', string> = {
  'team-manager': 'you manage their team',
  'hub-manager': 'you are a Hub manager and their teams have no other manager',
  'same-role': 'you hold the same manager role and nobody else manages their work',
  'system-administrator': 'you are a system administrator and nobody else manages their work',
  'mace-coordinator': 'you coordinate MACE and this is a restricted record',
};

/** The email telling a manager (or, failing one, a system administrator) that someone used emergency access. */
export function alertEmail(a: {
  user: { display_name: string; email: string };
  manager: { display_name: string };
  why: AlertRecipients['why'] | 'mace-coordinator';
  label: string;
  reason: string;
  minutes: number;
  grantedAt: Date;
  expiresAt: Date;
  link: string;
}): { subject: string; body: string } {
  return {
    subject: `${a.user.display_name} used emergency access to ${a.label}`,
    body: [
      `Dear ${a.manager.display_name},`,
      '',
      `${a.user.display_name} (${a.user.email}) used emergency access to ${a.label}, a record they are not involved with.`,
      '',
      `Their reason: ${a.reason}`,
      '',
      `Their access ends at ${untilText(a.expiresAt, a.grantedAt)} (${a.minutes} minutes).`,
      '',
      `See who has looked at this record: ${a.link}`,
      '',
      `You are getting this because ${WHY_YOU[a.why]}. If this access was not needed, speak to them and record what you decide.`,
    ].join('\n'),
  };
}
