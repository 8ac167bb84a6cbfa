import { ApiError } from './api-error';

/** The media type of a Content-Type header, without parameters, lower-cased: "application/json". */
export function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/**
 * Reads a request body of at most `maxBytes`, refusing early on a declared Content-Length and again
 * while streaming, so an oversized or lying client never makes the server buffer more than the limit.
 */
export async function readBodyWithLimit(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw bodyTooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);

  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** A JSON request body, parsed; 415 for another media type, 413 past the limit, 400 for broken JSON. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  if (mediaTypeOf(request.headers.get('content-type')) !== 'application/json') {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json".');
  }
  const bytes = await readBodyWithLimit(request, maxBytes);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON.');
  }
}

function bodyTooLarge(maxBytes: number): ApiError {
  return new ApiError(413, 'body_too_large', `The body is larger than the ${maxBytes} bytes this endpoint accepts.`);
}
