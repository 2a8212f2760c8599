/** SQLSTATEs and socket errors that mean the server went away (shut down, crashed, or the link broke). */
const LOST_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
]);
const LOST_MESSAGES =
  /Connection terminated|not queryable|unexpected postmaster exit|terminating connection/i;

/** True when `error` says the warehouse connection is gone rather than that a statement was wrong. */
export function isConnectionLost(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return LOST_CODES.has(code ?? '') || LOST_MESSAGES.test(message ?? '');
}
