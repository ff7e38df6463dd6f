// API errors shaped like the Cloud Storage JSON API (and its XML API for signed URLs).
import type { ServerResponse } from 'node:http';

export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly reason = 'invalid',
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new ApiError(404, message, 'notFound');
export const badRequest = (message: string, reason = 'invalid') => new ApiError(400, message, reason);
export const conditionNotMet = (location: string) =>
  new ApiError(412, 'At least one of the pre-conditions you specified did not hold.', 'conditionNotMet', {
    locationType: 'header',
    location,
  });
export const noSuchBucket = () => notFound('The specified bucket does not exist.');
export const noSuchObject = (bucket: string, name: string) => notFound(`No such object: ${bucket}/${name}`);

/** Writes `{"error":{"code","message","errors":[...]}}` as the JSON API does. */
export function sendJsonError(res: ServerResponse, err: ApiError): void {
  if (err.code === 304 && !res.headersSent) {
    res.writeHead(304);
    res.end();
    return;
  }
  const body = JSON.stringify({
    error: {
      code: err.code,
      message: err.message,
      errors: [{ message: err.message, domain: 'global', reason: err.reason, ...err.extra }],
    },
  });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(err.code, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The XML API (signed URLs) answers `<Error><Code>..</Code><Message>..</Message></Error>`. */
export function sendXmlError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  details?: string,
): void {
  const body =
    `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message>` +
    (details ? `<Details>${xmlEscape(details)}</Details>` : '') +
    '</Error>';
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'content-type': 'application/xml; charset=UTF-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Any thrown value as an ApiError; unknown failures become 500 rather than a crash. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(500, err instanceof Error ? err.message : String(err), 'backendError');
}
