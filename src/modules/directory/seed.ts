import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { newId } from '../../platform/db/ids.ts';
import { TENANTS_DIR } from '../reference/index.ts';
import { serviceContentSchema, type ServiceContent } from './content.ts';

/**
 * Demonstration services from config/tenants/<tenant>.directory.json: the file is a list of
 * service entries as content.ts describes them, without ids (made here), each naming the
 * organisation (by code, from the tenant file) that runs it.
 */
const fileSchema = z.object({
  note: z.string().optional(),
  services: z.array(z.looseObject({ organisation: z.string().min(1) })),
});

export interface SeedService {
  organisationCode: string;
  content: ServiceContent;
}

/** The tenant's demonstration services, validated; an empty list when the tenant has no file. */
export async function readDirectorySeed(tenant: string, dir = TENANTS_DIR): Promise<SeedService[]> {
  let raw: string;
  try {
    raw = await readFile(`${dir}${tenant}.directory.json`, 'utf8');
  } catch {
    return [];
  }
  const file = fileSchema.parse(JSON.parse(raw));
  return file.services.map(({ organisation, ...entry }, index) => {
    const withIds = {
      ...entry,
      contacts: asList(entry.contacts).map((c) => ({ ...c, id: newId() })),
      locations: asList(entry.locations).map((l) => ({
        ...l,
        id: newId(),
        schedules: asList(l.schedules).map((s) => ({ ...s, id: newId() })),
      })),
    };
    const parsed = serviceContentSchema.safeParse(withIds);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`${tenant}.directory.json, service ${index + 1} (${String(entry.name)}): ${problems}`);
    }
    return { organisationCode: organisation, content: parsed.data };
  });
}

const asList = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
