import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One log line a request, when it is answered (route path, status, time), instead of Fastify's two: under load the
 * "incoming request" line doubled the logging, and its path is on the answer's line. Errors are logged as before.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest() {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (error) super.requestCompleted(error, request, reply);
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
