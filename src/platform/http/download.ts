import type { FastifyReply } from 'fastify';

/** The spreadsheet types Hearth sends. */
export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A file to save, not to show: its type, a file name (only letters, digits, dot, hyphen and underscore are kept, so
 * nothing a user typed can break out of the header), and never sniffed as anything else. The caller sends the body.
 */
export function attachment(reply: FastifyReply, name: string, type: string): FastifyReply {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 120) || 'download';
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${safe}"`)
    .header('x-content-type-options', 'nosniff');
}
