import type { FastifyInstance } from 'fastify';

/**
 * A small multipart/form-data reader for the import form's one file (Hearth takes no other uploads, so there is no
 * general parser). The form's text fields (the CSRF token, the one-time key, the indicator) become the body's
 * fields, as formbody would give them; the file becomes `file: { name, data }`. Registered inside the import routes'
 * plugin only.
 */
export interface UploadedFile {
  name: string;
  data: Buffer;
}

/** A little over the 1 MB a file may be, so a bigger file still reaches the page that says so. */
export const UPLOAD_BODY_LIMIT = 12 * 1024 * 1024;

export function parseMultipart(body: Buffer, contentType: string): Record<string, unknown> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw Object.assign(new Error('The form was sent without a boundary'), { statusCode: 400 });
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const fields: Record<string, unknown> = {};
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    start += delimiter.length;
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break; // the closing "--"
    start += 2; // CRLF after the delimiter
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (name && filename !== undefined) {
        if (filename !== '' || content.length > 0) fields[name] = { name: filename, data: Buffer.from(content) };
      } else if (name) fields[name] = content.toString('utf8');
    }
    start = next;
  }
  return fields;
}

export function registerMultipart(app: FastifyInstance) {
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: UPLOAD_BODY_LIMIT },
    (request, body, done) => {
      try {
        done(null, parseMultipart(body as Buffer, String(request.headers['content-type'])));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}
